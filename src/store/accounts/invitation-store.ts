import { sql, type Kysely } from 'kysely';
import { hashToken, newSecretToken } from '../../auth/secret-token.ts';
import type { Database, Role } from '../schema.ts';
import { normaliseEmail } from './user-store.ts';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

export class InvitationStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(workspaceId: string, email: string, role: Role, invitedBy: string | null, ttlMs: number): Promise<{ invitation: Invitation; token: string }> {
    const { token, hash } = newSecretToken('lvq_inv_');
    const row = await this.#db
      .insertInto('invitations')
      .values({ workspace_id: workspaceId, email: normaliseEmail(email), role, token_hash: hash, invited_by: invitedBy, expires_at: new Date(Date.now() + ttlMs) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { invitation: viewOf(row), token };
  }

  async list(workspaceId: string): Promise<Invitation[]> {
    const rows = await this.#db
      .selectFrom('invitations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(viewOf);
  }

  async revoke(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('invitations')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Marks a live invitation for this email accepted; its workspace and role, or undefined. */
  async accept(db: Kysely<Database>, token: string, email: string): Promise<{ workspaceId: string; role: Role; id: string } | { mismatch: string } | undefined> {
    const row = await db
      .selectFrom('invitations')
      .select(['id', 'workspace_id', 'role', 'email'])
      .where('token_hash', '=', hashToken(token))
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.email !== normaliseEmail(email)) return { mismatch: row.email };
    await db.updateTable('invitations').set({ accepted_at: sql`now()` }).where('id', '=', row.id).execute();
    return { workspaceId: row.workspace_id, role: row.role, id: row.id };
  }
}

function viewOf(row: { id: string; email: string; role: Role; created_at: Date; expires_at: Date; accepted_at: Date | null }): Invitation {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.created_at, expiresAt: row.expires_at, acceptedAt: row.accepted_at };
}
