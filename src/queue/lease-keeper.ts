import type { Kysely } from 'kysely';
import { RunInterrupt } from '../engine/run-interrupt.ts';
import { renewLeases } from '../store/runs/renew-leases.ts';
import type { Database } from '../store/schema.ts';

interface HeldLease {
  token: string;
  controller: AbortController;
  /** False while a run is only in memory (a sync run before its first write): nothing to renew yet. */
  isPersisted(): boolean;
}

/**
 * Renews the leases of every run this process executes, in one statement every third of the lease.
 * A run whose lease was lost, or whose cancellation was requested, is aborted with the reason.
 */
export class LeaseKeeper {
  readonly #db: Kysely<Database>;
  readonly #leaseMs: number;
  readonly #held = new Map<string, HeldLease>();
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;

  constructor(db: Kysely<Database>, leaseMs: number) {
    this.#db = db;
    this.#leaseMs = leaseMs;
  }

  hold(runId: string, lease: HeldLease): void {
    this.#held.set(runId, lease);
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.renewNow(), Math.max(50, Math.floor(this.#leaseMs / 3)));
      this.#timer.unref();
    }
  }

  /** Stops renewing the run's lease (only `lease`'s, when given: a later hold of the run stays). */
  release(runId: string, lease?: HeldLease): void {
    if (lease && this.#held.get(runId) !== lease) return;
    this.#held.delete(runId);
    if (this.#held.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  get size(): number {
    return this.#held.size;
  }

  /** Abort one held run now; false when this process does not hold it. */
  abort(runId: string, reason: RunInterrupt): boolean {
    const lease = this.#held.get(runId);
    lease?.controller.abort(reason);
    return lease !== undefined;
  }

  /** Abort every held run, e.g. on shutdown. */
  abortAll(reason: RunInterrupt): void {
    for (const lease of this.#held.values()) lease.controller.abort(reason);
  }

  renewNow(): Promise<void> {
    this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #renew(): Promise<void> {
    const entries = [...this.#held].filter(([, l]) => l.isPersisted() && !l.controller.signal.aborted);
    if (entries.length === 0) return;
    let rows: { id: string; cancel_requested: boolean }[];
    try {
      rows = await renewLeases(this.#db, entries.map(([runId, l]) => ({ runId, token: l.token })), this.#leaseMs);
    } catch {
      // Database unreachable: keep running; if this lasts past the lease, the fenced writes will refuse.
      return;
    }
    const answered = new Map(rows.map((r) => [r.id, r.cancel_requested]));
    for (const [runId, lease] of entries) {
      if (this.#held.get(runId) !== lease) continue;
      const cancel = answered.get(runId);
      if (cancel === undefined) lease.controller.abort(new RunInterrupt('lease_lost', 'the run was taken over by another worker after its lease expired'));
      else if (cancel) lease.controller.abort(new RunInterrupt('cancelled', 'the run was cancelled'));
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
