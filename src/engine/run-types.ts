import type { ErrorRecord } from './errors.ts';

/** One step execution as recorded in the run's journal. */
export interface StepRecord {
  key: string;
  stepId: string;
  type: string;
  /** Execution order within the run. */
  seq: number;
  status: 'succeeded' | 'failed' | 'retrying';
  input: unknown;
  output: unknown;
  error: ErrorRecord | null;
  attempts: number;
  /** The step that ran (or will run) next, `end`, or null when the list simply continued. */
  next: string | null;
  startedAt: Date;
  finishedAt: Date;
  /** Tokens the step reported (`StepResult.usage.tokens`); absent when it reported none. */
  tokens?: number;
}

export type RunOutcome =
  | { status: 'succeeded'; output: unknown }
  | { status: 'failed'; error: ErrorRecord & { step?: string }; deadLetter: boolean }
  | { status: 'cancelled'; error: ErrorRecord }
  | { status: 'waiting'; wakeAt: Date };

export interface SyncResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** A redirect the workflow declared (respond step `redirect`): the only source of a Location header. */
  redirect?: string;
}

/**
 * Where the executor writes progress. The engine decides *when* a write must be durable; the journal
 * decides how (buffering pure steps, one round trip per checkpoint, fencing with the lease token).
 */
export interface RunJournal {
  /** A step finished (or failed an attempt). `durable`: return only once it is committed. */
  record(step: StepRecord, durable: boolean): Promise<void>;
  /** Commit everything recorded so far; called before a side effect starts and before answering a caller. */
  flush(response?: SyncResponse): Promise<void>;
  /** A side-effect step is about to start (its earlier steps are committed): observers may say so. */
  starting?(step: { key: string; stepId: string; attempts: number }): void;
}
