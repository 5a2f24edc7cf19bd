import { sql, type Kysely } from 'kysely';
import type { ApiKeyScope } from '../../auth/permissions.ts';
import type { Database } from '../schema.ts';
import { generateApiKey, hashApiKey } from './workspace-store.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: string | null;
}

const viewOf = (r: { id: string; name: string; prefix: string; scopes: string[]; created_at: Date; expires_at: Date | null; last_used_at: Date | null; created_by: string | null }): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  createdBy: r.created_by,
});

/** A workspace's API keys. The secret is returned once, at creation; only its hash is stored. */
export class ApiKeyStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(workspaceId: string, input: { name: string; scopes: ApiKeyScope[]; expiresAt: Date | null; createdBy: string | null }): Promise<{ key: string; view: ApiKeyView }> {
    const key = generateApiKey();
    const row = await this.#db
      .insertInto('api_keys')
      .values({
        workspace_id: workspaceId,
        name: input.name,
        prefix: key.slice(0, 13),
        key_hash: hashApiKey(key),
        scopes: input.scopes,
        expires_at: input.expiresAt,
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { key, view: viewOf(row) };
  }

  async list(workspaceId: string): Promise<ApiKeyView[]> {
    const rows = await this.#db
      .selectFrom('api_keys')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(viewOf);
  }

  /**
   * Revokes the live keys a member made in the workspace and, for an agency, in its client workspaces
   * where they acted through the agency role: a key's power ends when its creator leaves.
   */
  async revokeMadeBy(workspaceId: string, userId: string): Promise<ApiKeyView[]> {
    const rows = await this.#db
      .updateTable('api_keys')
      .set({ revoked_at: sql`now()` })
      .where('created_by', '=', userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('workspace_id', '=', workspaceId), eb('workspace_id', 'in', eb
        .selectFrom('workspaces as c')
        .select('c.id')
        .where('c.parent_id', '=', workspaceId)
        .where((inner) => inner.not(inner.exists(inner.selectFrom('memberships as own').select('own.user_id').whereRef('own.workspace_id', '=', 'c.id').where('own.user_id', '=', userId)))))]))
      .returningAll()
      .execute();
    return rows.map(viewOf);
  }

  async revoke(workspaceId: string, id: string): Promise<ApiKeyView | undefined> {
    const row = await this.#db
      .updateTable('api_keys')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row && viewOf(row);
  }
}
