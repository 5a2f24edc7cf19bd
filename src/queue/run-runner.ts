import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import { JournalError } from '../engine/errors.ts';
import { executeRun } from '../engine/execute-run.ts';
import type { ExpressionLimits } from '../engine/expressions/index.ts';
import type { Clock, Mailer, OutboundHttp } from '../engine/ports.ts';
import { RunInterrupt } from '../engine/run-interrupt.ts';
import type { RunOutcome, StepRecord, SyncResponse } from '../engine/run-types.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import type { RunWriter } from '../store/runs/run-writer.ts';
import type { NewRun } from '../store/runs/write-runs.ts';
import type { Database } from '../store/schema.ts';
import { DatabaseJournal, DuplicateRunError } from './database-journal.ts';
import { LeaseKeeper } from './lease-keeper.ts';

export interface RunRunnerOptions {
  db: Kysely<Database>;
  writer: RunWriter;
  registry: StepRegistry;
  services: { http: OutboundHttp; mailer: Mailer; clock: Clock };
  /** Identifies this process in lease rows (host:pid:random). */
  owner: string;
  leaseMs: number;
  defaultStepTimeoutMs: number;
  expressionLimits?: ExpressionLimits;
  /** Observers for metrics and logs. */
  onStep?: (record: StepRecord, runId: string) => void;
  onOutcome?: (outcome: RunOutcome, run: RunJob['run']) => void;
  onError?: (error: unknown, runId: string) => void;
}

export interface RunJob {
  run: { id: string; workspaceId: string; workflowId: string; version: number; trigger: unknown; createdAt: Date };
  definition: WorkflowDefinition;
  /** Lease token the run row holds, or a fresh one for a run not yet written (`insert`). */
  leaseToken: string;
  /** Present when the run is not in the database yet: its first durable write inserts it. */
  insert?: NewRun;
  completed?: ReadonlyMap<string, StepRecord>;
  onRespond?: (response: SyncResponse) => void;
}

export type RunEnding =
  | { kind: 'outcome'; outcome: RunOutcome }
  | { kind: 'duplicate'; existingRunId: string }
  /** Lease lost, shutdown, or the database failed: the run is left for a worker to resume. */
  | { kind: 'abandoned'; reason: string };

/** Executes runs in this process: journal, lease renewal, outcome write. */
export class RunRunner {
  readonly #options: RunRunnerOptions;
  readonly #leases: LeaseKeeper;
  readonly #running = new Set<Promise<RunEnding>>();
  #shuttingDown = false;

  constructor(options: RunRunnerOptions) {
    this.#options = options;
    this.#leases = new LeaseKeeper(options.db, options.leaseMs);
  }

  get activeCount(): number {
    return this.#running.size;
  }

  newLeaseToken(): string {
    return randomUUID();
  }

  execute(job: RunJob): Promise<RunEnding> {
    const promise = this.#execute(job);
    this.#running.add(promise);
    void promise.finally(() => this.#running.delete(promise));
    return promise;
  }

  async #execute(job: RunJob): Promise<RunEnding> {
    const options = this.#options;
    const lease = { owner: options.owner, token: job.leaseToken, ms: options.leaseMs };
    const journal = new DatabaseJournal(options.writer, job.run.id, lease, job.insert ?? null);
    const observed = options.onStep
      ? { record: (r: StepRecord, d: boolean) => (options.onStep!(r, job.run.id), journal.record(r, d)), flush: (res?: SyncResponse) => journal.flush(res) }
      : journal;
    const controller = new AbortController();
    if (this.#shuttingDown) controller.abort(new RunInterrupt('shutdown', 'the process is shutting down'));
    this.#leases.hold(job.run.id, { token: job.leaseToken, controller, isPersisted: () => journal.persisted });
    try {
      const outcome = await executeRun({
        definition: job.definition,
        registry: options.registry,
        run: job.run,
        completed: job.completed ?? new Map(),
        journal: observed,
        services: options.services,
        secrets: {},
        signal: controller.signal,
        onRespond: job.onRespond,
        expressionLimits: options.expressionLimits,
        defaultStepTimeoutMs: options.defaultStepTimeoutMs,
      });
      await journal.complete(outcome);
      options.onOutcome?.(outcome, job.run);
      return { kind: 'outcome', outcome };
    } catch (error) {
      if (error instanceof DuplicateRunError) return { kind: 'duplicate', existingRunId: error.existingRunId };
      if (error instanceof RunInterrupt && error.kind === 'shutdown') {
        await journal.release().catch(() => {});
        return { kind: 'abandoned', reason: error.message };
      }
      if (error instanceof RunInterrupt || error instanceof JournalError) {
        options.onError?.(error, job.run.id);
        return { kind: 'abandoned', reason: error.message };
      }
      options.onError?.(error, job.run.id);
      return { kind: 'abandoned', reason: (error as Error).message };
    } finally {
      this.#leases.release(job.run.id);
    }
  }

  /** Cancels a run at once when this process executes it (others notice at their next lease renewal). */
  cancelLocal(runId: string): boolean {
    return this.#leases.abort(runId, new RunInterrupt('cancelled', 'the run was cancelled'));
  }

  /** Stops runs in flight and hands them back to the queue; resolves when all have let go. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    this.#leases.abortAll(new RunInterrupt('shutdown', 'the process is shutting down'));
    await Promise.allSettled([...this.#running]);
    this.#leases.stop();
  }
}
