import type { Kysely } from 'kysely';
import { toNullableJsonText } from '../json-text.ts';
import type { Database } from '../schema.ts';
import { olderThan } from '../newest-first.ts';

export interface AuditActor {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id: string | null;
  /** Email of a user, name of a key: kept so the event stays readable after the actor is gone. */
  label: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEvent {
  workspaceId: string | null;
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
}

export interface AuditEventView {
  id: string;
  workspaceId: string | null;
  actor: { type: string; id: string | null; label: string | null };
  action: string;
  target: { type: string; id: string } | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
  createdAt: Date;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
}

/** Append-only record of security-relevant actions (the table refuses updates and deletes). */
export class AuditLog {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(event: AuditEvent, db: Kysely<Database> = this.#db): Promise<void> {
    await db
      .insertInto('audit_events')
      .values({
        workspace_id: event.workspaceId,
        actor_type: event.actor.type,
        actor_id: event.actor.id,
        actor_label: event.actor.label,
        action: event.action,
        target_type: event.target?.type ?? null,
        target_id: event.target?.id ?? null,
        ip: event.actor.ip,
        user_agent: event.actor.userAgent?.slice(0, 500) ?? null,
        details: toNullableJsonText(event.details),
      })
      .execute();
  }

  /**
   * A workspace's events, newest first, plus the sign-in events of its members (those belong to no
   * workspace).
   */
  async list(workspaceId: string, filter: AuditFilter, limit: number, after?: { createdAt: Date; id: string }): Promise<AuditEventView[]> {
    let query = this.#db
      .selectFrom('audit_events as e')
      .selectAll('e')
      .where((eb) =>
        eb.or([
          eb('e.workspace_id', '=', workspaceId),
          eb.and([
            eb('e.workspace_id', 'is', null),
            eb('e.actor_id', 'in', eb.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId)),
          ]),
        ]),
      );
    if (filter.action) query = query.where('e.action', '=', filter.action);
    if (filter.actorId) query = query.where('e.actor_id', '=', filter.actorId);
    if (filter.targetId) query = query.where('e.target_id', '=', filter.targetId);
    if (filter.since) query = query.where('e.created_at', '>=', filter.since);
    if (filter.until) query = query.where('e.created_at', '<', filter.until);
    if (after) {
      query = query.where(olderThan(after, 'e'));
    }
    const rows = await query.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
      action: r.action,
      target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
      ip: r.ip,
      userAgent: r.user_agent,
      details: r.details,
      createdAt: r.created_at,
    }));
  }
}
