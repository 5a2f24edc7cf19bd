import type { Kysely } from 'kysely';
import { apiTierById, planById, SELF_HOSTED_PLAN_ID, type PlansCatalog } from '../../billing/plans.ts';
import type { Database } from '../../store/schema.ts';

export interface PlanAllowance {
  workspaceId: string;
  planId: string;
  /** Requests per minute of one API key or session. */
  keyPerMinute: number;
}

interface Entry {
  value: PlanAllowance | null;
  loadedAt: number;
  refreshing: boolean;
}

/** Entries kept at most; beyond it the cache starts over (a flood of unknown slugs cannot grow it). */
const MAX_ENTRIES = 50_000;

/**
 * Workspace plans for the rate limiter, with the per-key allowance, by id and by slug (webhooks name
 * the workspace by slug), cached for `ttlMs`. A stale entry is
 * answered at once and re-read in the background, so only a workspace's first request in this process
 * waits for the database; a plan change (Stripe) takes effect within `ttlMs`. Unknown slugs are cached
 * too (as null).
 */
export class RateLimitPlans {
  private readonly db: Kysely<Database>;
  private readonly catalog: PlansCatalog;
  private readonly overrides: Record<string, number>;
  private readonly ttlMs: number;
  private readonly byId = new Map<string, Entry>();
  private readonly bySlug = new Map<string, Entry>();

  constructor(db: Kysely<Database>, catalog: PlansCatalog, options: { ttlMs: number; keyByPlan: Record<string, number> }) {
    this.db = db;
    this.catalog = catalog;
    this.ttlMs = options.ttlMs;
    this.overrides = options.keyByPlan;
  }

  ofWorkspace(workspaceId: string): Promise<PlanAllowance | null> | PlanAllowance | null {
    return this.cached(this.byId, workspaceId, () => this.read('id', workspaceId));
  }

  ofSlug(slug: string): Promise<PlanAllowance | null> | PlanAllowance | null {
    return this.cached(this.bySlug, slug, () => this.read('slug', slug));
  }

  /** Forgets every cached plan. */
  clear(): void {
    this.byId.clear();
    this.bySlug.clear();
  }

  /** Forgets a workspace's plan (a plan change made in this process), so its next request reads it. */
  invalidate(workspaceId: string): void {
    this.byId.delete(workspaceId);
    for (const [slug, entry] of this.bySlug) if (entry.value?.workspaceId === workspaceId) this.bySlug.delete(slug);
  }

  /** The per-key limit of a plan id: the override, else the catalog (trial and unknown ids: the trial's). */
  keyPerMinute(planId: string): number {
    const override = this.overrides[planId];
    if (override !== undefined) return override;
    if (planId === SELF_HOSTED_PLAN_ID) return Math.max(...this.catalog.plans.map((p) => p.limits.apiRequestsPerMinute), ...this.catalog.apiTiers.map((t) => t.apiRequestsPerMinute));
    return planById(this.catalog, planId)?.limits.apiRequestsPerMinute ?? apiTierById(this.catalog, planId)?.apiRequestsPerMinute ?? this.catalog.trialApiRequestsPerMinute;
  }

  /** A value when cached (fresh or stale: stale ones are re-read behind), else a promise of the read. */
  private cached(map: Map<string, Entry>, key: string, read: () => Promise<PlanAllowance | null>): Promise<PlanAllowance | null> | PlanAllowance | null {
    const entry = map.get(key);
    const now = Date.now();
    if (entry) {
      if (now - entry.loadedAt > this.ttlMs && !entry.refreshing) {
        entry.refreshing = true;
        read().then(
          (value) => map.set(key, { value, loadedAt: Date.now(), refreshing: false }),
          () => (entry.refreshing = false),
        );
      }
      return entry.value;
    }
    return read().then((value) => {
      if (map.size >= MAX_ENTRIES) map.clear();
      map.set(key, { value, loadedAt: Date.now(), refreshing: false });
      return value;
    });
  }

  private async read(by: 'id' | 'slug', key: string): Promise<PlanAllowance | null> {
    const row = await this.db
      .selectFrom('workspaces')
      .leftJoin('workspace_billing', 'workspace_billing.workspace_id', 'workspaces.id')
      .select(['workspaces.id', 'workspace_billing.plan_id'])
      .where(by === 'id' ? 'workspaces.id' : 'workspaces.slug', '=', key)
      .executeTakeFirst();
    if (!row) return null;
    const planId = row.plan_id ?? 'trial';
    return { workspaceId: row.id, planId, keyPerMinute: this.keyPerMinute(planId) };
  }
}
