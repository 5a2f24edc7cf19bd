import { sql, type RawBuilder } from 'kysely';
import type { StepRecord } from '../../engine/run-types.ts';
import { toJsonText } from '../json-text.ts';

/** Step records as one jsonb parameter, so any number of them is written in the same statement. */
export function stepRecordsParam(records: readonly StepRecord[]): RawBuilder<unknown> {
  return sql`${toJsonText(
    records.map((r) => ({
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
    })),
  )}::text::jsonb`;
}

/** `insert … select` body that upserts the records of `param` for the run produced by CTE `fenced`. */
export function upsertStepsFrom(param: RawBuilder<unknown>, fencedCte: string): RawBuilder<unknown> {
  return sql`
    insert into run_steps (run_id, key, workspace_id, step_id, type, seq, status, input, output, error, attempts, next, started_at, finished_at)
    select f.id, s.key, f.workspace_id, s.step_id, s.type, s.seq, s.status, s.input, s.output, s.error, s.attempts, s.next, s.started_at, s.finished_at
    from ${sql.raw(fencedCte)} f, jsonb_to_recordset(${param}) as s(
      key text, step_id text, type text, seq int, status text, input jsonb, output jsonb, error jsonb,
      attempts int, next text, started_at timestamptz, finished_at timestamptz)
    on conflict (run_id, key) do update set
      seq = excluded.seq, status = excluded.status, input = excluded.input, output = excluded.output,
      error = excluded.error, attempts = excluded.attempts, next = excluded.next,
      started_at = excluded.started_at, finished_at = excluded.finished_at`;
}

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
  };
}
