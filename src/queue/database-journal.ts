import { JournalError } from '../engine/errors.ts';
import { RunInterrupt } from '../engine/run-interrupt.ts';
import type { RunJournal, RunOutcome, StepRecord, SyncResponse } from '../engine/run-types.ts';
import type { RunState } from '../store/runs/run-state.ts';
import type { RunWriter } from '../store/runs/run-writer.ts';
import type { NewRun } from '../store/runs/write-runs.ts';

export interface Lease {
  owner: string;
  token: string;
  ms: number;
}

/** Thrown when a lazily written run turns out to exist already (a repeated Idempotency-Key raced us). */
export class DuplicateRunError extends Error {
  readonly existingRunId: string;
  constructor(existingRunId: string) {
    super(`run ${existingRunId} already exists for this idempotency key`);
    this.existingRunId = existingRunId;
  }
}

/**
 * Steps buffered before they are written anyway: a long loop of pure steps is written in chunks of this
 * many records, so no single statement grows with the run (on the embedded database a statement holds
 * the event loop while it runs) and the buffer's memory stays bounded.
 */
const MAX_BUFFERED_STEPS = 100;

/**
 * Journal over the runs tables. Pure steps are buffered and written with the next durable write, so a
 * run of up to MAX_BUFFERED_STEPS pure steps costs one statement in all. A run may start unwritten (`pendingInsert`): its first
 * durable write inserts it. Every write after that is fenced by the lease token.
 */
export class DatabaseJournal implements RunJournal {
  readonly #writer: RunWriter;
  readonly #runId: string;
  readonly #lease: Lease;
  #pendingInsert: NewRun | null;
  #pending: StepRecord[] = [];
  #writeChain: Promise<void> = Promise.resolve();

  constructor(writer: RunWriter, runId: string, lease: Lease, pendingInsert: NewRun | null) {
    this.#writer = writer;
    this.#runId = runId;
    this.#lease = lease;
    this.#pendingInsert = pendingInsert;
  }

  get persisted(): boolean {
    return this.#pendingInsert === null;
  }

  async record(step: StepRecord, durable: boolean): Promise<void> {
    this.#pending.push(step);
    if (durable || this.#pending.length >= MAX_BUFFERED_STEPS) await this.flush();
  }

  async flush(response?: SyncResponse): Promise<void> {
    if (this.#pending.length === 0 && this.persisted && !response) return;
    await this.#write({ status: 'running', leaseOwner: this.#lease.owner, leaseToken: this.#lease.token, leaseMs: this.#lease.ms }, response);
  }

  /** Final write: the outcome and any buffered steps. */
  async complete(outcome: RunOutcome): Promise<void> {
    await this.#write(stateOf(outcome));
  }

  /** Hand the run back to the queue (shutdown): another worker resumes it from the recorded steps. */
  async release(): Promise<void> {
    if (!this.persisted && this.#pending.length === 0) return;
    await this.#write({ status: 'queued' });
  }

  // Writes are serialised: for-each lanes may flush concurrently, and each write must see the last.
  #write(state: RunState, response?: SyncResponse): Promise<void> {
    const next = this.#writeChain.then(() => this.#writeNow(state, response));
    this.#writeChain = next.catch(() => {});
    return next;
  }

  async #writeNow(state: RunState, response?: SyncResponse): Promise<void> {
    const records = this.#pending;
    if (records.length === 0 && this.persisted && !response && state.status === 'running') return;
    this.#pending = [];
    try {
      if (this.#pendingInsert) {
        const result = await this.#writer.insert({ run: this.#pendingInsert, state, records, response });
        if (!result.inserted) throw new DuplicateRunError(result.existingRunId);
        this.#pendingInsert = null;
        return;
      }
      const { written } = await this.#writer.update({ runId: this.#runId, leaseToken: this.#lease.token, state, records, response });
      if (!written) throw new RunInterrupt('lease_lost', 'the run was taken over by another worker after its lease expired');
    } catch (error) {
      if (error instanceof RunInterrupt || error instanceof DuplicateRunError) throw error;
      this.#pending = records.concat(this.#pending);
      throw new JournalError(`could not record run progress: ${(error as Error).message}`, error);
    }
  }
}

export function stateOf(outcome: RunOutcome): RunState {
  switch (outcome.status) {
    case 'succeeded':
      return { status: 'succeeded', output: outcome.output };
    case 'failed':
      return { status: 'failed', error: outcome.error, deadLetter: outcome.deadLetter };
    case 'cancelled':
      return { status: 'cancelled', error: outcome.error };
    case 'waiting':
      return { status: 'waiting', wakeAt: outcome.wakeAt };
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
