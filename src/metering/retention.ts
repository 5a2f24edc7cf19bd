import { sql, type Kysely } from 'kysely';
import { apiTierById, planById, SELF_HOSTED_PLAN_ID, type PlansCatalog } from '../billing/plans.ts';
import type { Database } from '../store/schema.ts';

const DAY_MS = 86_400_000;
const WORKSPACE_PAGE = 500;
const ENDED = sql.raw(`('succeeded', 'failed', 'cancelled')`);

/**
 * How long a plan keeps run history (plans-catalog.yaml `limits.retentionDays`). The trial, and a plan
 * id no longer in the catalog, keep the first plan's (the trial has its limits); API tiers set none and
 * keep the longest plan's, so buying an API tier never shortens a workspace's history.
 */
export function retentionDaysOf(catalog: PlansCatalog, planId: string): number {
  if (apiTierById(catalog, planId) || planId === SELF_HOSTED_PLAN_ID) return Math.max(...catalog.plans.map((p) => p.limits.retentionDays));
  return (planById(catalog, planId) ?? catalog.plans[0]).limits.retentionDays;
}

export interface WorkspacePurge {
  workspaceId: string;
  slug: string;
  planId: string;
  retentionDays: number;
  /** Runs that ended before this were deleted (or, in a dry run, would be). */
  cutoff: Date;
  /** Runs deleted; in a dry run, runs that would be deleted. */
  runs: number;
  /** The round stopped at its batch limit: the next round deletes more. */
  more: boolean;
}

export interface RetentionPurgerOptions {
  db: Kysely<Database>;
  catalog: PlansCatalog;
  /** Time between rounds (LEVQOR_RETENTION_MS); 0 never starts the timer. */
  intervalMs: number;
  /** Runs deleted per statement (and transaction). */
  batchSize?: number;
  /** Batches per workspace per round: a workspace with a long backlog does not hold up the others. */
  maxBatches?: number;
  now?: () => Date;
  onPurged?: (purge: WorkspacePurge) => void;
  onError?: (error: unknown) => void;
}

/**
 * Deletes run history older than each workspace's plan allows: runs that ended (succeeded, failed,
 * cancelled) before now − retentionDays, with their steps (run_steps cascade). Runs not ended (queued,
 * running, waiting, quota_exceeded) are never touched. What the deleted runs counted for usage is added
 * to `run_usage_purged` in the same transaction as the delete, so usage and quotas do not change.
 * Safe across processes: each batch runs under a per-workspace transaction-scoped advisory lock (the
 * usage upserts of two purgers never interleave) and takes its rows with SKIP LOCKED, so a run being
 * retried or cancelled right now is left for the next round.
 */
export class RetentionPurger {
  readonly #o: RetentionPurgerOptions;
  readonly #batchSize: number;
  readonly #maxBatches: number;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<WorkspacePurge[]> | undefined;

  constructor(options: RetentionPurgerOptions) {
    this.#o = options;
    this.#batchSize = options.batchSize ?? 1000;
    this.#maxBatches = options.maxBatches ?? 10;
    this.#now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.#timer || this.#o.intervalMs <= 0) return;
    this.#timer = setInterval(() => void this.purge().catch(() => {}), this.#o.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#round?.catch(() => {});
  }

  /** One round now (at most one at a time in this process): the workspaces that had runs to delete. */
  purge(): Promise<WorkspacePurge[]> {
    this.#round ??= this.#run(false)
      .catch((error) => {
        this.#o.onError?.(error);
        throw error;
      })
      .finally(() => (this.#round = undefined));
    return this.#round;
  }

  /** What a round would delete, deleting nothing: every run past its workspace's retention. */
  dryRun(): Promise<WorkspacePurge[]> {
    return this.#run(true);
  }

  async #run(dryRun: boolean): Promise<WorkspacePurge[]> {
    const now = this.#now();
    const shortest = Math.min(...this.#o.catalog.plans.map((p) => p.limits.retentionDays));
    const purges: WorkspacePurge[] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const workspaces = await this.#candidates(after, new Date(now.getTime() - shortest * DAY_MS));
      for (const w of workspaces) {
        const retentionDays = retentionDaysOf(this.#o.catalog, w.plan_id ?? 'trial');
        const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
        const purge = { workspaceId: w.id, slug: w.slug, planId: w.plan_id ?? 'trial', retentionDays, cutoff, runs: 0, more: false };
        if (dryRun) purge.runs = await this.#countPurgeable(w.id, cutoff);
        else await this.#purgeWorkspace(purge);
        if (purge.runs > 0) {
          purges.push(purge);
          if (!dryRun) this.#o.onPurged?.(purge);
        }
      }
      if (workspaces.length < WORKSPACE_PAGE) return purges;
      after = workspaces[workspaces.length - 1].id;
    }
  }

  /** Workspaces (a page, in id order) with runs that ended before the shortest retention of any plan. */
  async #candidates(after: string, before: Date) {
    const { rows } = await sql<{ id: string; slug: string; plan_id: string | null }>`
      select w.id, w.slug, b.plan_id from workspaces w left join workspace_billing b on b.workspace_id = w.id
      where w.id > ${after}::uuid
        and exists (select 1 from runs r where r.workspace_id = w.id and r.status in ${ENDED} and r.finished_at < ${before})
      order by w.id limit ${WORKSPACE_PAGE}`.execute(this.#o.db);
    return rows;
  }

  async #countPurgeable(workspaceId: string, cutoff: Date): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from runs where workspace_id = ${workspaceId}::uuid and status in ${ENDED} and finished_at < ${cutoff}`.execute(this.#o.db);
    return rows[0].n;
  }

  async #purgeWorkspace(purge: WorkspacePurge): Promise<void> {
    for (let batch = 0; batch < this.#maxBatches; batch++) {
      const deleted = await this.#purgeBatch(purge.workspaceId, purge.cutoff);
      purge.runs += deleted;
      if (deleted < this.#batchSize) return;
    }
    purge.more = true;
  }

  /** One transaction: record what up to `batchSize` runs counted for usage, then delete them (steps cascade). */
  async #purgeBatch(workspaceId: string, cutoff: Date): Promise<number> {
    return this.#o.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`levqor:retention:${workspaceId}`}))`.execute(tx);
      const { rows } = await sql<{ id: string }>`
        select id from runs where workspace_id = ${workspaceId}::uuid and status in ${ENDED} and finished_at < ${cutoff}
        order by finished_at, id limit ${this.#batchSize} for update skip locked`.execute(tx);
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      // Runs by the day they were counted (with their steps, for usage per workflow); steps and tokens
      // by the day the step finished — the keys usage reads them by (migration 014).
      await sql`
        insert into run_usage_purged (workspace_id, day, workflow_id, runs, run_steps, steps, tokens)
        select ${workspaceId}::uuid, day, workflow_id, sum(runs), sum(run_steps), sum(steps), sum(tokens) from (
          select (r.counted_at at time zone 'UTC')::date as day, r.workflow_id, 1 as runs,
            (select count(*) from run_steps s where s.run_id = r.id and s.status <> 'retrying') as run_steps, 0 as steps, 0 as tokens
          from runs r where r.id = any(${ids}::uuid[]) and r.counted_at is not null
          union all
          select (s.finished_at at time zone 'UTC')::date, r.workflow_id, 0, 0, case when s.status <> 'retrying' then 1 else 0 end, coalesce(s.tokens, 0)
          from run_steps s join runs r on r.id = s.run_id where s.run_id = any(${ids}::uuid[])
        ) counted
        group by day, workflow_id
        on conflict (workspace_id, day, workflow_id) do update set
          runs = run_usage_purged.runs + excluded.runs, run_steps = run_usage_purged.run_steps + excluded.run_steps,
          steps = run_usage_purged.steps + excluded.steps, tokens = run_usage_purged.tokens + excluded.tokens`.execute(tx);
      const deleted = await sql`delete from runs where id = any(${ids}::uuid[])`.execute(tx);
      return Number(deleted.numAffectedRows ?? ids.length);
    });
  }
}
