import type { StepRecord } from '../../engine/run-types.ts';
import { toJsonText } from '../json-text.ts';

/** Step records of many runs as one jsonb parameter (JSON text). */
export function stepRows(records: readonly { runId: string; record: StepRecord }[]): string {
  // One row per (run, key), the latest: an upsert may not touch the same row twice in one statement.
  const latest = new Map<string, { runId: string; record: StepRecord }>();
  for (const entry of records) latest.set(`${entry.runId}\u0000${entry.record.key}`, entry);
  return toJsonText(
    [...latest.values()].map(({ runId, record: r }) => ({
      run_id: runId,
      key: r.key,
      step_id: r.stepId,
      type: r.type,
      seq: r.seq,
      status: r.status,
      input: r.input ?? null,
      output: r.output ?? null,
      error: r.error,
      attempts: r.attempts,
      next: r.next,
      started_at: r.startedAt.toISOString(),
      finished_at: r.finishedAt.toISOString(),
      tokens: r.tokens ?? null,
    })),
  );
}

export const STEP_COLUMNS =
  'run_id uuid, key text, step_id text, type text, seq int, status text, input jsonb, output jsonb, error jsonb, attempts int, next text, started_at timestamptz, finished_at timestamptz, tokens int';

/** Head of the step upsert; the statement adds `from fenced f join … s` (f: written runs, s: records). */
export const UPSERT_STEPS_SQL = `insert into run_steps (run_id, key, workspace_id, step_id, type, seq, status, input, output, error, attempts, next, started_at, finished_at, tokens)
      select f.id, s.key, f.workspace_id, s.step_id, s.type, s.seq, s.status, s.input, s.output, s.error, s.attempts, s.next, s.started_at, s.finished_at, s.tokens`;

export interface StepRow {
  run_id: string;
  key: string;
  step_id: string;
  type: string;
  seq: number;
  status: StepRecord['status'];
  input: unknown;
  output: unknown;
  error: StepRecord['error'];
  attempts: number;
  next: string | null;
  started_at: Date;
  finished_at: Date;
  tokens: number | null;
}

export function stepRecordFromRow(row: StepRow): StepRecord {
  return {
    key: row.key,
    stepId: row.step_id,
    type: row.type,
    seq: row.seq,
    status: row.status,
    input: row.input,
    output: row.output,
    error: row.error,
    attempts: row.attempts,
    next: row.next,
    startedAt: new Date(row.started_at),
    finishedAt: new Date(row.finished_at),
    ...(row.tokens === null || row.tokens === undefined ? {} : { tokens: row.tokens }),
  };
}
