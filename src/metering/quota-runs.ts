import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { WorkspacePlan, WorkspacePlans } from './quota-plans.ts';
import { runsRefusal, type QuotaRefusal } from './quota-refusal.ts';
import { countCountedRuns } from './run-counts.ts';

interface Entry {
  /** Runs counted in the period: the last exact count plus the runs admitted here since. */
  counted: number;
  periodStart: number;
  loadedAt: number;
  refreshing: boolean;
  /** The last exact count found the quota used up: hold without asking again until the entry is stale. */
  exhausted: boolean;
}

/**
 * The monthly run quota of workflow plans and the trial, checked when a run starts. Far from the limit
 * the check is a cached count per workspace increased locally (no query; refreshed in the background
 * every `refreshMs`). Within a margin of the limit each start counts exactly (one query, one start at a
 * time per workspace in this process); once the quota is used up, starts are held without a query
 * until the entry is refreshed. Starts in other processes since their last refresh are not seen, so at
 * the boundary a few runs may be admitted over the limit (docs/metering.md, "Quotas").
 */
export class RunQuota {
  readonly #db: Kysely<Database>;
  readonly #plans: WorkspacePlans;
  readonly #refreshMs: number;
  readonly #onCounted: (workspaceId: string) => void;
  readonly #entries = new Map<string, Entry>();
  readonly #serial = new Map<string, Promise<unknown>>();

  constructor(options: { db: Kysely<Database>; plans: WorkspacePlans; refreshMs: number; onCounted?: (workspaceId: string) => void }) {
    this.#db = options.db;
    this.#plans = options.plans;
    this.#refreshMs = options.refreshMs;
    this.#onCounted = options.onCounted ?? (() => {});
  }

  /**
   * Null when the run may start (it is then counted); the refusal when the run must be held. `db` is
   * the executor to count with: a caller inside a transaction passes it (PGlite has one connection).
   */
  async admit(workspaceId: string, db: Kysely<Database> = this.#db): Promise<QuotaRefusal | null> {
    const plan = await this.#plans.get(workspaceId, db);
    const limit = plan?.quota.runsPerMonth;
    if (!plan || limit === null || limit === undefined) return null;
    let entry = this.#entries.get(workspaceId);
    if (!entry || entry.periodStart !== plan.period.start.getTime()) {
      entry = { counted: await countCountedRuns(db, workspaceId, plan.period), periodStart: plan.period.start.getTime(), loadedAt: Date.now(), refreshing: false, exhausted: false };
      this.#entries.set(workspaceId, entry);
    }
    const stale = Date.now() - entry.loadedAt > this.#refreshMs;
    const margin = Math.max(10, Math.ceil(limit * 0.02));
    if (!entry.exhausted && entry.counted + 1 <= limit - margin) {
      if (stale && !entry.refreshing) this.#refresh(workspaceId, entry, plan);
      return this.#count(workspaceId, entry);
    }
    if (entry.exhausted && !stale) return runsRefusal(plan.quota, entry.counted, plan.period.reset, plan.upgradeHint);
    const current = entry;
    const exactly = async () => {
      const exact = await countCountedRuns(db, workspaceId, plan.period);
      // Runs admitted here lately may not be inserted yet: they are in `counted`, other processes' runs
      // are in the exact count. A stale entry takes the exact count as is.
      current.counted = Date.now() - current.loadedAt > this.#refreshMs ? exact : Math.max(current.counted, exact);
      current.loadedAt = Date.now();
      current.exhausted = current.counted >= limit;
      return current.exhausted ? runsRefusal(plan.quota, current.counted, plan.period.reset, plan.upgradeHint) : this.#count(workspaceId, current);
    };
    // A caller inside a transaction holds a connection (PGlite's only one): queueing it behind a check
    // that waits for a connection would deadlock, so it counts at once.
    return db === this.#db ? this.#oneAtATime(workspaceId, exactly) : exactly();
  }

  /** Forget the cached counts (a plan change, or runs released). */
  invalidate(workspaceId: string): void {
    this.#entries.delete(workspaceId);
  }

  #count(workspaceId: string, entry: Entry): null {
    entry.counted++;
    this.#onCounted(workspaceId);
    return null;
  }

  #refresh(workspaceId: string, entry: Entry, plan: WorkspacePlan): void {
    entry.refreshing = true;
    countCountedRuns(this.#db, workspaceId, plan.period)
      .then((counted) => {
        // Runs admitted here may not be inserted yet; the exact count near the limit corrects any excess.
        entry.counted = Math.max(entry.counted, counted);
        entry.loadedAt = Date.now();
      })
      .catch(() => {})
      .finally(() => (entry.refreshing = false));
  }

  #oneAtATime<T>(workspaceId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#serial.get(workspaceId) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => {});
    this.#serial.set(workspaceId, tail);
    void tail.then(() => {
      if (this.#serial.get(workspaceId) === tail) this.#serial.delete(workspaceId);
    });
    return run;
  }
}
