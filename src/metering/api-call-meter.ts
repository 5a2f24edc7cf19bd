import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RetryBackoff } from '../store/retry-backoff.ts';
import type { Database } from '../store/schema.ts';
import type { HotCounterStore } from './hot-counters.ts';
import { applyUsageBatch, keyOf, ledgerCallsByDay, utcDay, type UsageBatch, type UsageDelta } from './usage-ledger.ts';

/** Daily hot counters outlive the longest billing period (31 days). */
const COUNTER_TTL_SECONDS = 40 * 24 * 3600;

export interface ApiCallMeterOptions {
  db: Kysely<Database>;
  counters: HotCounterStore;
  /** How often pending counts are flushed to the ledger. */
  flushMs: number;
  now?: () => Date;
  onError?: (error: unknown, what: string) => void;
}

/**
 * Counts authenticated API calls per (workspace, API key, category, UTC day) in memory and flushes the
 * deltas to the ledger (usage_daily) every `flushMs`, in one transaction per batch. A batch that fails
 * keeps its id and is retried as is, so a flush whose commit went through but whose answer was lost is
 * not applied twice. After each applied batch the hot counters (calls per workspace and day, in Redis
 * or in process) are increased; a missing counter is rebuilt from the ledger when read.
 */
export class ApiCallMeter {
  private readonly o: ApiCallMeterOptions;
  private readonly now: () => Date;
  private pending = new Map<string, UsageDelta>();
  /** The batch being flushed, kept (same id) until the ledger has it. */
  private inFlight: UsageBatch | null = null;
  private lock: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** A flush that failed (database unreachable) is retried after a growing wait, not at every tick. */
  private readonly backoff = new RetryBackoff();
  /** Workspaces whose counters this process has checked against the ledger since it started. */
  private readonly rebuilt = new Set<string>();
  private readonly flushListeners: ((workspaceIds: Set<string>) => void)[] = [];

  constructor(options: ApiCallMeterOptions) {
    this.o = options;
    this.now = options.now ?? (() => new Date());
  }

  /** Called after each applied batch with the workspaces it counted calls for (usage alerts check them). */
  onFlushed(listener: (workspaceIds: Set<string>) => void): void {
    this.flushListeners.push(listener);
  }

  get counterKind(): 'redis' | 'memory' {
    return this.o.counters.kind;
  }

  /** Counts one call. Synchronous: nothing on the request path waits for the ledger or Redis. */
  record(workspaceId: string, apiKeyId: string | null, category: string, at: Date = this.now()): void {
    const delta = { workspaceId, apiKeyId, category, day: utcDay(at), calls: 1 };
    const key = keyOf(delta);
    const existing = this.pending.get(key);
    if (existing) existing.calls++;
    else this.pending.set(key, delta);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.backoff.waiting()) return;
      this.flush().then(
        () => this.backoff.succeeded(),
        (error) => {
          this.backoff.failed();
          this.o.onError?.(error, 'usage flush failed; the counts are kept and retried with the same batch id');
        },
      );
    }, this.o.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and flushes what is pending (a failure is reported, the counts are lost with the process). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.flush();
        return;
      } catch (error) {
        if (attempt === 2) this.o.onError?.(error, 'usage flush at shutdown failed; unflushed API-call counts are lost');
      }
    }
  }

  /** Flushes the batch in flight (if a previous flush failed) and then the pending deltas. */
  flush(): Promise<void> {
    return this.locked(async () => {
      for (let round = 0; round < 2; round++) {
        if (!this.inFlight) {
          if (this.pending.size === 0) return;
          this.inFlight = { id: randomUUID(), deltas: [...this.pending.values()] };
          this.pending = new Map();
        }
        const batch = this.inFlight;
        await applyUsageBatch(this.o.db, batch);
        this.inFlight = null;
        await this.bumpCounters(batch);
        const workspaceIds = new Set(batch.deltas.map((d) => d.workspaceId));
        for (const listener of this.flushListeners) listener(workspaceIds);
      }
    });
  }

  /** Deltas counted here and not yet in the ledger (pending and in flight). */
  unflushed(workspaceId?: string): UsageDelta[] {
    const all = [...(this.inFlight?.deltas ?? []), ...this.pending.values()];
    return workspaceId === undefined ? all : all.filter((d) => d.workspaceId === workspaceId);
  }

  /**
   * Calls of a workspace on the given UTC days from the hot counters plus this process's unflushed
   * deltas. Counters that are missing (a Redis FLUSHALL, an expiry), and all of a workspace's counters on
   * its first read in this process, are rebuilt from the ledger.
   */
  hotCalls(workspaceId: string, days: string[]): Promise<number> {
    return this.locked(async () => {
      const keys = days.map((day) => counterKey(workspaceId, day));
      const values = await this.o.counters.get(keys);
      const stale = this.rebuilt.has(workspaceId) ? days.filter((_, i) => values[i] === null) : days;
      if (stale.length > 0) {
        const sorted = [...stale].sort();
        const ledger = await ledgerCallsByDay(this.o.db, workspaceId, sorted[0], sorted[sorted.length - 1]);
        for (const day of stale) {
          const value = ledger.get(day) ?? 0;
          await this.o.counters.set(counterKey(workspaceId, day), value, COUNTER_TTL_SECONDS);
          values[days.indexOf(day)] = value;
        }
        this.rebuilt.add(workspaceId);
      }
      const wanted = new Set(days);
      const local = this.unflushed(workspaceId).filter((d) => wanted.has(d.day)).reduce((sum, d) => sum + d.calls, 0);
      return values.reduce<number>((sum, v) => sum + (v ?? 0), 0) + local;
    });
  }

  /** Runs `fn` while no flush runs, so the ledger and `unflushed()` read inside it do not overlap or miss. */
  consistent<T>(fn: () => Promise<T>): Promise<T> {
    return this.locked(fn);
  }

  async close(): Promise<void> {
    await this.stop();
    await this.o.counters.close();
  }

  private async bumpCounters(batch: UsageBatch): Promise<void> {
    const totals = new Map<string, { workspaceId: string; day: string; calls: number }>();
    for (const d of batch.deltas) {
      const key = counterKey(d.workspaceId, d.day);
      const total = totals.get(key);
      if (total) total.calls += d.calls;
      else totals.set(key, { workspaceId: d.workspaceId, day: d.day, calls: d.calls });
    }
    for (const [key, { workspaceId, day, calls }] of totals) {
      try {
        if (await this.o.counters.addIfPresent(key, calls)) continue;
        // No counter yet (first calls of the day, or lost): start it from the ledger, which has this batch.
        const ledger = await ledgerCallsByDay(this.o.db, workspaceId, day, day);
        await this.o.counters.set(key, ledger.get(day) ?? 0, COUNTER_TTL_SECONDS);
      } catch (error) {
        // The ledger has the batch; the counter is behind until it is rebuilt (a first read or expiry).
        this.o.onError?.(error, 'hot usage counter not updated');
      }
    }
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }
}

export function counterKey(workspaceId: string, day: string): string {
  return `usage:calls:${workspaceId}:${day}`;
}
