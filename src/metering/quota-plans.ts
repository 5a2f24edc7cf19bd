import type { Kysely } from 'kysely';
import type { PlansCatalog } from '../billing/plans.ts';
import type { Database } from '../store/schema.ts';
import { planQuota, upgradeHint, type PlanQuota, type UpgradeHint } from './quota-limits.ts';
import { periodAt, type UsagePeriod } from './usage-service.ts';

export interface WorkspacePlan {
  quota: PlanQuota;
  /** Where to go from the plan's limits (checkout, or the operator's command), for this workspace. */
  upgradeHint: string;
  anchor: Date;
  period: UsagePeriod;
}

/** The plan id and period anchor: the workspace_billing row, else the trial from the workspace's creation. */
export async function readWorkspaceBilling(db: Kysely<Database>, workspaceId: string): Promise<{ planId: string; anchor: Date; slug: string } | undefined> {
  const row = await db
    .selectFrom('workspaces')
    .leftJoin('workspace_billing', 'workspace_billing.workspace_id', 'workspaces.id')
    .select(['workspaces.slug', 'workspaces.created_at', 'workspace_billing.plan_id', 'workspace_billing.period_start'])
    .where('workspaces.id', '=', workspaceId)
    .executeTakeFirst();
  return row && { planId: row.plan_id ?? 'trial', anchor: new Date(row.period_start ?? row.created_at), slug: row.slug };
}

interface Entry {
  plan: WorkspacePlan;
  loadedAt: number;
  refreshing: boolean;
}

/**
 * The plan and current period of workspaces, cached per process so quota checks cost no query per
 * request. An entry older than `refreshMs` is answered as is and reloaded in the background (a plan
 * changed by another process is seen within that time); a missing entry, or one whose period has
 * ended, is loaded before answering. `invalidate` drops an entry at once (a plan change here).
 */
export class WorkspacePlans {
  readonly #db: Kysely<Database>;
  readonly #catalog: PlansCatalog;
  readonly #refreshMs: number;
  readonly #now: () => Date;
  readonly #entries = new Map<string, Entry>();

  readonly #upgradeHint: UpgradeHint;

  constructor(db: Kysely<Database>, catalog: PlansCatalog, refreshMs: number, now: () => Date = () => new Date(), hint: UpgradeHint = upgradeHint(false)) {
    this.#upgradeHint = hint;
    this.#db = db;
    this.#catalog = catalog;
    this.#refreshMs = refreshMs;
    this.#now = now;
  }

  get catalog(): PlansCatalog {
    return this.#catalog;
  }

  now(): Date {
    return this.#now();
  }

  /** Undefined for a workspace that does not exist (deleted meanwhile). `db`: the executor of a caller inside a transaction. */
  async get(workspaceId: string, db: Kysely<Database> = this.#db): Promise<WorkspacePlan | undefined> {
    const entry = this.#entries.get(workspaceId);
    const now = this.#now();
    if (!entry || entry.plan.period.reset <= now) return this.#load(workspaceId, db);
    if (Date.now() - entry.loadedAt > this.#refreshMs && !entry.refreshing) {
      entry.refreshing = true;
      this.#load(workspaceId).catch(() => (entry.refreshing = false));
    }
    return entry.plan;
  }

  /** Loads the plan now, bypassing the cache. */
  async fresh(workspaceId: string): Promise<WorkspacePlan | undefined> {
    return this.#load(workspaceId);
  }

  invalidate(workspaceId: string): void {
    this.#entries.delete(workspaceId);
  }

  async #load(workspaceId: string, db: Kysely<Database> = this.#db): Promise<WorkspacePlan | undefined> {
    const billing = await readWorkspaceBilling(db, workspaceId);
    if (!billing) {
      this.#entries.delete(workspaceId);
      return undefined;
    }
    const plan = { quota: planQuota(this.#catalog, billing.planId), upgradeHint: this.#upgradeHint(billing.slug), anchor: billing.anchor, period: periodAt(billing.anchor, this.#now()) };
    this.#entries.set(workspaceId, { plan, loadedAt: Date.now(), refreshing: false });
    return plan;
  }
}
