import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, Role, WorkspaceKind } from '../schema.ts';

export const DEFAULT_WORKSPACE_SLUG = 'default';
const KEY_PREFIX = 'lvq_live_';
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyPrincipal {
  keyId: string;
  keyName: string;
  workspaceId: string;
  workspaceSlug: string;
  scopes: string[];
  /**
   * The member whose power the key carries and their role in the key's workspace now (own membership,
   * else through the agency that owns it; null once they left). Null for an operator key.
   */
  creator: { userId: string; role: Role | null } | null;
}

export interface WorkspaceView {
  id: string;
  slug: string;
  name: string;
  kind: WorkspaceKind;
  parentId: string | null;
  createdAt: Date;
}

export class SlugTakenError extends Error {}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** A slug from a display name: "Acme & Co." → "acme-co". */
export function slugFrom(name: string): string {
  const slug = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug || 'workspace';
}

/** API keys are stored as SHA-256 hashes: they are long random secrets, so a slow hash adds nothing. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const SLUG_ATTEMPTS = 20;

/** The slug tried at `attempt`: the base, then numbered, then random suffixes. */
function slugCandidate(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base.slice(0, 40)}-${attempt < 10 ? attempt + 1 : randomBytes(3).toString('hex')}`;
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
  /**
   * `planId`: the plan the default workspace is on unless one was set (the self-hosted plan on an
   * install without Stripe, see config.ts); a plan already set, by the operator or Stripe, is kept.
   */
  async ensureDefault(bootstrapKey: string | undefined, planId?: string): Promise<{ workspaceId: string; generatedKey: string | null }> {
    return this.#db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('workspaces')
        .values({ slug: DEFAULT_WORKSPACE_SLUG, name: 'Default workspace' })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      const workspaceId = inserted?.id ?? (await tx.selectFrom('workspaces').select('id').where('slug', '=', DEFAULT_WORKSPACE_SLUG).executeTakeFirstOrThrow()).id;
      if (planId && planId !== 'trial') {
        await tx.insertInto('workspace_billing').values({ workspace_id: workspaceId, plan_id: planId }).onConflict((oc) => oc.column('workspace_id').doNothing()).execute();
      }
      if (!inserted) return { workspaceId, generatedKey: null };
      const key = bootstrapKey ?? generateApiKey();
      await tx
        .insertInto('api_keys')
        .values({ workspace_id: inserted.id, name: 'bootstrap admin key', prefix: key.slice(0, 12), key_hash: hashApiKey(key), scopes: ['admin'] })
        .execute();
      return { workspaceId: inserted.id, generatedKey: bootstrapKey ? null : key };
    });
  }

  /**
   * Creates a workspace with `owner` as its owner. Without an explicit slug one is derived from the
   * name, with a numeric suffix when taken; an explicit slug that is taken is an error.
   */
  async create(
    db: Kysely<Database>,
    input: { name: string; slug?: string; kind: WorkspaceKind; parentId: string | null; owner: { userId: string; role: Role } | null },
  ): Promise<WorkspaceView> {
    const base = input.slug ?? slugFrom(input.name);
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const slug = slugCandidate(base, attempt);
      const row = await db
        .insertInto('workspaces')
        .values({ slug, name: input.name, kind: input.kind, parent_id: input.parentId })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        if (input.slug) throw new SlugTakenError(`the workspace slug "${slug}" is taken; choose another`);
        continue;
      }
      if (input.owner) await db.insertInto('memberships').values({ workspace_id: row.id, user_id: input.owner.userId, role: input.owner.role }).execute();
      return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, parentId: row.parent_id, createdAt: row.created_at };
    }
    throw new SlugTakenError(`could not find a free slug for "${input.name}"; pass one explicitly`);
  }

  /** The slug `create` would give a workspace of this name now (without taking it). */
  async freeSlugFor(name: string): Promise<string> {
    const candidates = Array.from({ length: SLUG_ATTEMPTS }, (_, attempt) => slugCandidate(slugFrom(name), attempt));
    const taken = new Set((await this.#db.selectFrom('workspaces').select('slug').where('slug', 'in', candidates).execute()).map((r) => r.slug));
    return candidates.find((slug) => !taken.has(slug)) ?? candidates[0];
  }

  async findBySlug(slug: string): Promise<{ id: string; slug: string; name: string; kind: WorkspaceKind } | undefined> {
    return this.#db.selectFrom('workspaces').select(['id', 'slug', 'name', 'kind']).where('slug', '=', slug).executeTakeFirst();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#db.updateTable('workspaces').set({ name }).where('id', '=', id).execute();
  }

  async findById(id: string): Promise<{ id: string; slug: string; name: string; kind: WorkspaceKind; parentId: string | null } | undefined> {
    const row = await this.#db.selectFrom('workspaces').select(['id', 'slug', 'name', 'kind', 'parent_id']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, slug: row.slug, name: row.name, kind: row.kind, parentId: row.parent_id };
  }

  /** The workspace, scopes and creator of a live (not revoked, not expired) key, or undefined. */
  async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
    const row = await this.#db
      .selectFrom('api_keys as k')
      .innerJoin('workspaces as w', 'w.id', 'k.workspace_id')
      .leftJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 'k.workspace_id').onRef('m.user_id', '=', 'k.created_by'))
      .leftJoin('workspaces as a', (join) => join.onRef('a.id', '=', 'w.parent_id').on('a.kind', '=', 'agency'))
      .leftJoin('memberships as am', (join) => join.onRef('am.workspace_id', '=', 'a.id').onRef('am.user_id', '=', 'k.created_by'))
      .select(['k.id', 'k.name', 'k.workspace_id', 'w.slug', 'k.scopes', 'k.last_used_at', 'k.created_by'])
      .select(sql<Role | null>`coalesce(m.role, am.role)`.as('creator_role'))
      .where('k.key_hash', '=', hashApiKey(key))
      .where('k.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    if (!row) return undefined;
    // Recorded to the minute: a write per request would double the cost of every API call.
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
      await this.#db.updateTable('api_keys').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
    }
    const creator = row.created_by ? { userId: row.created_by, role: row.creator_role } : null;
    return { keyId: row.id, keyName: row.name, workspaceId: row.workspace_id, workspaceSlug: row.slug, scopes: row.scopes, creator };
  }
}
