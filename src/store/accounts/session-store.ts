import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { hashToken, newSecretToken } from '../../auth/secret-token.ts';
import type { Database } from '../schema.ts';

export interface SessionView {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface ActiveSession {
  sessionId: string;
  userId: string;
  email: string;
  csrfToken: string;
  /** The workspace a single sign-on session is confined to; null for a password session. */
  ssoWorkspace: { id: string; slug: string } | null;
}

/** Browser sessions: the cookie carries a random token, the database only its hash. */
export class SessionStore {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  constructor(db: Kysely<Database>, ttlMs: number) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /** `ssoWorkspaceId`: the workspace whose single sign-on started the session, which confines it there. */
  async create(userId: string, ip: string | null, userAgent: string | null, ssoWorkspaceId: string | null = null): Promise<{ token: string; csrfToken: string; id: string; expiresAt: Date }> {
    const { token, hash } = newSecretToken('lvq_s_');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.#ttlMs);
    const row = await this.#db
      .insertInto('sessions')
      .values({ user_id: userId, token_hash: hash, csrf_token: csrfToken, ip, user_agent: userAgent?.slice(0, 500) ?? null, expires_at: expiresAt, sso_workspace_id: ssoWorkspaceId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { token, csrfToken, id: row.id, expiresAt };
  }

  /**
   * What `create` answers, for a session that is never stored: it opens nothing. A sign-up with an
   * address that has an account answers with it, so the answer looks like any sign-up's.
   */
  unstored(): { token: string; csrfToken: string; id: string; expiresAt: Date } {
    return { token: newSecretToken('lvq_s_').token, csrfToken: randomBytes(24).toString('base64url'), id: randomUUID(), expiresAt: new Date(Date.now() + this.#ttlMs) };
  }

  /** The live session for a cookie token; refreshes `last_seen_at` at most once a minute. */
  async find(token: string): Promise<ActiveSession | undefined> {
    const row = await this.#db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('workspaces as w', 'w.id', 's.sso_workspace_id')
      .select(['s.id', 's.user_id', 'u.email', 's.csrf_token', 's.last_seen_at', 's.sso_workspace_id', 'w.slug as sso_workspace_slug'])
      .where('s.token_hash', '=', hashToken(token))
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return undefined;
    if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      await this.#db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', row.id).execute();
    }
    const ssoWorkspace = row.sso_workspace_id && row.sso_workspace_slug ? { id: row.sso_workspace_id, slug: row.sso_workspace_slug } : null;
    return { sessionId: row.id, userId: row.user_id, email: row.email, csrfToken: row.csrf_token, ssoWorkspace };
  }

  async list(userId: string): Promise<SessionView[]> {
    const rows = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, ip: r.ip, userAgent: r.user_agent, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at }));
  }

  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async revokeAll(userId: string, db: Kysely<Database> = this.#db): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }
}
