import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export const DEFAULT_WORKSPACE_SLUG = 'default';
const KEY_PREFIX = 'lvq_live_';

export interface ApiKeyPrincipal {
  keyId: string;
  workspaceId: string;
  workspaceSlug: string;
  scopes: string[];
}

/** API keys are stored as SHA-256 hashes: they are long random secrets, so a slow hash adds nothing. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(24).toString('base64url');
}

export class WorkspaceStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Creates the default workspace and its first admin key on the first start. Returns the plaintext key
   * only when one was generated here (to be shown once); a supplied bootstrap key is never echoed.
   */
  async ensureDefault(bootstrapKey: string | undefined): Promise<{ workspaceId: string; generatedKey: string | null }> {
    return this.#db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('workspaces')
        .values({ slug: DEFAULT_WORKSPACE_SLUG, name: 'Default workspace' })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        const existing = await tx.selectFrom('workspaces').select('id').where('slug', '=', DEFAULT_WORKSPACE_SLUG).executeTakeFirstOrThrow();
        return { workspaceId: existing.id, generatedKey: null };
      }
      const key = bootstrapKey ?? generateApiKey();
      await tx
        .insertInto('api_keys')
        .values({ workspace_id: inserted.id, name: 'bootstrap admin key', prefix: key.slice(0, 12), key_hash: hashApiKey(key), scopes: ['admin'] })
        .execute();
      return { workspaceId: inserted.id, generatedKey: bootstrapKey ? null : key };
    });
  }

  async findBySlug(slug: string): Promise<{ id: string; slug: string; name: string } | undefined> {
    return this.#db.selectFrom('workspaces').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  }

  /** The workspace and scopes of a live (not revoked, not expired) key, or undefined. */
  async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
    const row = await this.#db
      .selectFrom('api_keys as k')
      .innerJoin('workspaces as w', 'w.id', 'k.workspace_id')
      .select(['k.id', 'k.workspace_id', 'w.slug', 'k.scopes'])
      .where('k.key_hash', '=', hashApiKey(key))
      .where('k.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    return row && { keyId: row.id, workspaceId: row.workspace_id, workspaceSlug: row.slug, scopes: row.scopes };
  }
}
