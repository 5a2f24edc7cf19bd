import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import { executeRun } from '../engine/execute-run.ts';
import type { ExpressionLimits } from '../engine/expressions/index.ts';
import type { Clock, Mailer, OutboundHttp, TablesAccess, TemplateResolver } from '../engine/ports.ts';
import { RunInterrupt } from '../engine/run-interrupt.ts';
import type { RunJournal, RunOutcome, StepRecord, SyncResponse } from '../engine/run-types.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import type { RunBudget } from '../engine/run-budget.ts';
import { createRedactor, NO_REDACTION, type Redactor } from '../secrets/redactor.ts';
import { SecretDecryptError, type SecretSource } from '../secrets/secret-store.ts';
import type { RunWriter } from '../store/runs/run-writer.ts';
import type { NewRun } from '../store/runs/write-runs.ts';
import type { Database } from '../store/schema.ts';
import { stepEvent } from '../live/live-event.ts';
import type { LiveEvents } from '../live/live-events.ts';
import { DatabaseJournal, DuplicateRunError } from './database-journal.ts';
import { LeaseKeeper } from './lease-keeper.ts';

export interface RunRunnerOptions {
  db: Kysely<Database>;
  writer: RunWriter;
  registry: StepRegistry;
  services: { http: OutboundHttp; mailer: Mailer; clock: Clock; tables?: TablesAccess; templates: TemplateResolver };
  /** Identifies this process in lease rows (host:pid:random). */
  owner: string;
  leaseMs: number;
  defaultStepTimeoutMs: number;
  expressionLimits?: ExpressionLimits;
  budget?: RunBudget;
  /**
   * The workspace's secrets, loaded for runs whose definition mentions `secrets`. Their values are
   * redacted from everything the runner writes or reports (step records, outcomes, responses, errors).
   */
  secrets?: SecretSource;
  /** Observers for metrics and logs. */
  onStep?: (record: StepRecord, runId: string) => void;
  onOutcome?: (outcome: RunOutcome, run: RunJob['run']) => void;
  onError?: (error: unknown, runId: string) => void;
  /** Told when a side-effect step starts (writes tell their own changes: see RunWriter). */
  live?: LiveEvents;
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
  /** The controller of a `reserve`d lease, which the run goes on using (aborted: the lease was lost). */
  controller?: AbortController;
}

/** A claimed run's lease, renewed while its worker loads what the run needs (see `RunRunner.reserve`). */
export interface LeaseReservation {
  readonly controller: AbortController;
  /** Stops renewing: for a claimed run that will not be executed here after all. */
  release(): void;
}

export type RunEnding =
  | { kind: 'outcome'; outcome: RunOutcome }
  | { kind: 'duplicate'; existingRunId: string }
  /** Lease lost, shutdown, or the database failed: the run is left for a worker to resume. */
  | { kind: 'abandoned'; reason: string; recorded: boolean };

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

  /**
   * Renews a claimed run's lease from the claim on, before `execute`: loading its history and definition
   * can outlast a short lease on a busy machine, and another worker would then run it a second time.
   */
  reserve(runId: string, leaseToken: string): LeaseReservation {
    const controller = new AbortController();
    if (this.#shuttingDown) controller.abort(new RunInterrupt('shutdown', 'the process is shutting down'));
    const lease = { token: leaseToken, controller, isPersisted: () => true };
    this.#leases.hold(runId, lease);
    return { controller, release: () => this.#leases.release(runId, lease) };
  }

  async #execute(job: RunJob): Promise<RunEnding> {
    const options = this.#options;
    const lease = { owner: options.owner, token: job.leaseToken, ms: options.leaseMs };
    const journal = new DatabaseJournal(options.writer, job.run.id, lease, job.insert ?? null);
    // Set once the secrets are loaded; everything written to the journal or reported passes through it.
    let redact: Redactor = NO_REDACTION;
    const observed: RunJournal = {
      record: (r: StepRecord, d: boolean) => {
        const safe = redactRecord(redact, r);
        options.onStep?.(safe, job.run.id);
        return journal.record(safe, d);
      },
      flush: (res?: SyncResponse) => journal.flush(res && redact.value(res)),
      starting: (step) => {
        if (journal.persisted && options.live?.active) options.live.publish([stepEvent(job.run, step, 'running')]);
      },
    };
    const controller = job.controller ?? new AbortController();
    if (this.#shuttingDown) controller.abort(new RunInterrupt('shutdown', 'the process is shutting down'));
    this.#leases.hold(job.run.id, { token: job.leaseToken, controller, isPersisted: () => journal.persisted });
    try {
      const loaded = await this.#loadSecrets(job);
      let outcome: RunOutcome;
      if ('failure' in loaded) outcome = loaded.failure;
      else {
        redact = createRedactor(loaded.secrets);
        const onRespond = job.onRespond;
        outcome = redact.value(await executeRun({
          definition: job.definition,
          registry: options.registry,
          run: job.run,
          completed: job.completed ?? new Map(),
          journal: observed,
          services: options.services,
          secrets: loaded.secrets,
          signal: controller.signal,
          onRespond: onRespond && ((response) => onRespond(redact.value(response))),
          expressionLimits: options.expressionLimits,
          budget: options.budget,
          defaultStepTimeoutMs: options.defaultStepTimeoutMs,
        }));
      }
      await journal.complete(outcome);
      options.onOutcome?.(outcome, job.run);
      return { kind: 'outcome', outcome };
    } catch (error) {
      if (error instanceof DuplicateRunError) return { kind: 'duplicate', existingRunId: error.existingRunId };
      if (error instanceof RunInterrupt && error.kind === 'shutdown') {
        await journal.release().catch(() => {});
        return { kind: 'abandoned', reason: error.message, recorded: journal.persisted };
      }
      options.onError?.(redact.error(error), job.run.id);
      return { kind: 'abandoned', reason: redact.text(String((error as Error)?.message ?? error)), recorded: journal.persisted };
    } finally {
      this.#leases.release(job.run.id);
    }
  }

  /**
   * The workspace's secrets when the definition mentions them. A secret that does not decrypt fails the
   * run (retrying would not help); other errors (database, a rotated master key) leave it to a retry.
   */
  async #loadSecrets(job: RunJob): Promise<{ secrets: Record<string, string> } | { failure: RunOutcome }> {
    const source = this.#options.secrets;
    if (!source || !usesSecrets(job.definition)) return { secrets: {} };
    try {
      return { secrets: await source.loadAll(job.run.workspaceId) };
    } catch (error) {
      if (!(error instanceof SecretDecryptError)) throw error;
      return { failure: { status: 'failed', error: { code: 'secrets_unavailable', message: error.message }, deadLetter: false } };
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

const mentionsSecrets = new WeakMap<WorkflowDefinition, boolean>();

/** Whether a definition may read `secrets` (a cheap text test, cached per definition object). */
function usesSecrets(definition: WorkflowDefinition): boolean {
  let mentions = mentionsSecrets.get(definition);
  if (mentions === undefined) {
    mentions = /\bsecrets\b/.test(JSON.stringify(definition));
    mentionsSecrets.set(definition, mentions);
  }
  return mentions;
}

function redactRecord(redact: Redactor, record: StepRecord): StepRecord {
  if (!redact.active) return record;
  return { ...record, input: redact.value(record.input), output: redact.value(record.output), error: redact.value(record.error) };
}
