import type { Kysely } from 'kysely';
import type { StepRecord } from '../engine/run-types.ts';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import { claimRuns, type ClaimedRun } from '../store/runs/claim-runs.ts';
import { loadSteps } from '../store/runs/load-steps.ts';
import type { RunWriter } from '../store/runs/run-writer.ts';
import { RetryBackoff } from '../store/retry-backoff.ts';
import type { Database } from '../store/schema.ts';
import { runEvent } from '../live/live-event.ts';
import type { LiveEvents } from '../live/live-events.ts';
import type { LeaseReservation, RunRunner } from './run-runner.ts';
import type { VersionCache } from './version-cache.ts';

export interface WorkerOptions {
  db: Kysely<Database>;
  writer: RunWriter;
  runner: RunRunner;
  versions: VersionCache;
  owner: string;
  leaseMs: number;
  /** Runs executed at once by this worker. */
  concurrency: number;
  /** Most runs taken per claim statement. */
  batchSize: number;
  /** How often an idle worker looks for runs that became ready (wake times, expired leases). */
  pollMs: number;
  /** A run whose lease expired more often than this is dead-lettered instead of run again. */
  maxLeaseExpiries: number;
  onClaim?: (count: number, elapsedMs: number) => void;
  onError?: (error: unknown) => void;
  /** Told of every claimed run (it started, or started again after its wake time or a lost lease). */
  live?: LiveEvents;
}

/**
 * Claims ready runs and executes them, keeping up to `concurrency` in flight. It claims again at once
 * when a batch came back full, otherwise after `pollMs` or when nudged (a run was queued in-process).
 */
export class Worker {
  readonly #options: WorkerOptions;
  #inFlight = 0;
  #stopped = true;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  /** Claims that fail (database restarting, unreachable) are retried with growing waits, not every poll. */
  readonly #backoff = new RetryBackoff();

  constructor(options: WorkerOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#loop = this.#run();
  }

  /** Whether this worker claims runs now (started and not stopped). */
  get running(): boolean {
    return !this.#stopped;
  }

  /** Look for work now rather than at the next poll. */
  nudge(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.nudge();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const o = this.#options;
    while (!this.#stopped) {
      const free = o.concurrency - this.#inFlight;
      let claimed: ClaimedRun[] = [];
      let retryInMs: number | undefined;
      if (free > 0) {
        const started = performance.now();
        try {
          claimed = await claimRuns(o.db, o.owner, Math.min(free, o.batchSize), o.leaseMs);
          this.#backoff.succeeded();
          o.onClaim?.(claimed.length, performance.now() - started);
          if (claimed.length && o.live?.active) o.live.publish(claimed.map((row) => runEvent({ id: row.id, workspaceId: row.workspace_id, workflowId: row.workflow_id }, 'running')));
        } catch (error) {
          retryInMs = this.#backoff.failed();
          o.onError?.(error);
        }
        if (claimed.length) await this.#dispatch(claimed);
      }
      if (this.#stopped) break;
      if (retryInMs !== undefined) {
        await this.#pause(Math.max(retryInMs, o.pollMs), false);
        continue;
      }
      if (claimed.length > 0 && claimed.length === Math.min(free, o.batchSize)) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await this.#pause(o.pollMs, true);
    }
  }

  /** Waits `ms`; a nudge ends the wait early only when `wakeable`, a stop always does. */
  async #pause(ms: number, wakeable: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        if (!wakeable && !this.#stopped) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  async #dispatch(claimed: ClaimedRun[]): Promise<void> {
    const o = this.#options;
    const resumed = claimed.filter((c) => c.claims > 1).map((c) => c.id);
    const reservations = new Map(claimed.map((row) => [row.id, o.runner.reserve(row.id, row.lease_token)]));
    let steps = new Map<string, StepRecord[]>();
    try {
      steps = await loadSteps(o.db, resumed);
    } catch (error) {
      // Leave the claimed runs to lease expiry: running them without their history would repeat steps.
      for (const reservation of reservations.values()) reservation.release();
      o.onError?.(error);
      return;
    }
    for (const row of claimed) {
      this.#inFlight++;
      void this.#executeClaimed(row, steps.get(row.id) ?? [], reservations.get(row.id)!)
        .catch((error) => o.onError?.(error))
        .finally(() => {
          this.#inFlight--;
          this.nudge();
        });
    }
  }

  async #executeClaimed(row: ClaimedRun, steps: StepRecord[], reservation: LeaseReservation): Promise<void> {
    const o = this.#options;
    let definition: WorkflowDefinition;
    try {
      if (await this.#endWithoutRunning(row)) return reservation.release();
      definition = await o.versions.get(row.workspace_id, row.workflow_id, row.workflow_version);
    } catch (error) {
      reservation.release();
      throw error;
    }
    await o.runner.execute({
      run: { id: row.id, workspaceId: row.workspace_id, workflowId: row.workflow_id, version: row.workflow_version, trigger: row.trigger, createdAt: row.created_at },
      definition,
      leaseToken: row.lease_token,
      completed: new Map(steps.map((s) => [s.key, s])),
      controller: reservation.controller,
    });
  }

  /** Ends a claimed run that must not run again (cancelled, interrupted too often); true when it did. */
  async #endWithoutRunning(row: ClaimedRun): Promise<boolean> {
    const o = this.#options;
    if (row.cancel_requested) {
      await o.writer.update({ runId: row.id, leaseToken: row.lease_token, state: { status: 'cancelled', error: { code: 'cancelled', message: 'the run was cancelled' } }, records: [] });
      return true;
    }
    if (row.lease_expiries > o.maxLeaseExpiries) {
      const message = `the run's worker stopped or lost its lease ${row.lease_expiries} times; it was moved to the dead-letter state. Fix the cause, then retry it.`;
      await o.writer.update({ runId: row.id, leaseToken: row.lease_token, state: { status: 'failed', error: { code: 'too_many_interruptions', message }, deadLetter: true }, records: [] });
      return true;
    }
    return false;
  }
}
