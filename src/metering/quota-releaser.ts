import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { runEvent } from '../live/live-event.ts';
import type { LiveEvents } from '../live/live-events.ts';
import type { WorkspacePlans } from './quota-plans.ts';
import type { RunQuota } from './quota-runs.ts';
import { countCountedRuns } from './run-counts.ts';

const BATCH = 500;
const SCAN_PAGE = 1000;

export interface QuotaReleaserOptions {
  db: Kysely<Database>;
  plans: WorkspacePlans;
  runs: RunQuota;
  /** How often every workspace with held runs is looked at (period rollovers, plan changes elsewhere). */
  scanMs: number;
  /** Quotas are not enforced (LEVQOR_QUOTAS=off): runs held before are all released. */
  ignoreLimits?: boolean;
  /** Called with the number of runs queued again, so workers look for them at once. */
  onReleased: (workspaceId: string, count: number) => void;
  /** Told of the runs queued again, once their transaction committed (the event streams). */
  live?: LiveEvents;
  onError?: (error: unknown) => void;
}

/**
 * Moves runs held in `quota_exceeded` back to `queued`, oldest first, up to what the run quota of the
 * current period allows: when the period rolls over (the periodic scan) or the plan changes
 * (`release(workspaceId)`, called by billing). A released run counts in the period it is released in
 * (`counted_at`). Safe across processes: each workspace's release runs under a transaction-scoped
 * advisory lock, so two releasers never both spend the same room, and the rows are taken with SKIP LOCKED.
 */
export class QuotaReleaser {
  readonly #o: QuotaReleaserOptions;
  #timer: NodeJS.Timeout | undefined;
  #scanning: Promise<number> | undefined;

  constructor(options: QuotaReleaserOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.scan(), this.#o.scanMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#scanning;
  }

  /** Releases what the quota allows in every workspace holding runs; resolves with the number released. */
  scan(): Promise<number> {
    this.#scanning ??= this.#scan()
      .catch((error) => {
        this.#o.onError?.(error);
        return 0;
      })
      .finally(() => (this.#scanning = undefined));
    return this.#scanning;
  }

  /**
   * The plan or period of a workspace changed: forget its cached quota and release its held runs up to
   * the room the quota now has. Resolves with the number of runs queued again.
   */
  release(workspaceId: string): Promise<number> {
    this.#o.plans.invalidate(workspaceId);
    this.#o.runs.invalidate(workspaceId);
    return this.#release(workspaceId);
  }

  async #release(workspaceId: string): Promise<number> {
    const { db, plans, runs } = this.#o;
    const plan = await plans.fresh(workspaceId);
    if (!plan) return 0;
    const limit = this.#o.ignoreLimits ? null : plan.quota.runsPerMonth;
    let released = 0;
    for (;;) {
      const batch = await db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`levqor:run-quota:${workspaceId}`}))`.execute(tx);
        const room = limit === null ? BATCH : Math.min(BATCH, limit - (await countCountedRuns(tx, workspaceId, plan.period)));
        if (room <= 0) return [];
        const { rows } = await sql<{ id: string; workflow_id: string }>`
          update runs set status = 'queued', ready_at = now(), counted_at = ${plans.now()}, updated_at = now()
          where id in (
            select id from runs where workspace_id = ${workspaceId}::uuid and status = 'quota_exceeded'
            order by held_at, id limit ${room} for update skip locked)
          returning id, workflow_id`.execute(tx);
        return rows;
      });
      if (this.#o.live?.active) this.#o.live.publish(batch.map((row) => runEvent({ id: row.id, workspaceId, workflowId: row.workflow_id }, 'queued')));
      released += batch.length;
      if (batch.length < BATCH) break;
    }
    if (released > 0) {
      runs.invalidate(workspaceId);
      this.#o.onReleased(workspaceId, released);
    }
    return released;
  }

  /** Every workspace holding runs, a page at a time in id order: one page alone would leave the rest held for good when its workspaces have no room. */
  async #scan(): Promise<number> {
    let released = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await sql<{ workspace_id: string }>`
        select distinct workspace_id from runs where status = 'quota_exceeded' and workspace_id > ${after}::uuid
        order by workspace_id limit ${SCAN_PAGE}`.execute(this.#o.db);
      for (const { workspace_id } of rows) {
        try {
          released += await this.#release(workspace_id);
        } catch (error) {
          this.#o.onError?.(error);
        }
      }
      if (rows.length < SCAN_PAGE) return released;
      after = rows[rows.length - 1].workspace_id;
    }
  }
}
