import { sql, type Kysely } from 'kysely';
import type { StepRecord, SyncResponse } from '../../engine/run-types.ts';
import { toJsonText } from '../json-text.ts';
import type { Database } from '../schema.ts';
import { READY_AT_SQL, STATE_COLUMNS, TERMINAL_SQL, stateRow, type RunState } from './run-state.ts';
import { STEP_COLUMNS, stepRows, UPSERT_STEPS_SQL } from './step-records.ts';

export interface NewRun {
  id: string;
  workspaceId: string;
  workflowId: string;
  version: number;
  trigger: unknown;
  /** Maps repeated triggers (Idempotency-Key, cron slot) to one run. */
  dedupeKey: string | null;
}

export interface RunInsert {
  run: NewRun;
  state: RunState;
  records: readonly StepRecord[];
  response?: SyncResponse;
}

export interface RunUpdate {
  runId: string;
  /** The write lands only while this token still holds the run's lease (fencing). */
  leaseToken: string;
  state: RunState;
  records: readonly StepRecord[];
  response?: SyncResponse;
}

/**
 * Inserts runs with their state and any steps already executed: one statement for the whole batch.
 * Returns the ids that were inserted; a run whose dedupe key already exists is not inserted.
 */
export async function insertRuns(db: Kysely<Database>, inserts: readonly RunInsert[]): Promise<Set<string>> {
  const runs = inserts.map((i) => ({
    id: i.run.id,
    workspace_id: i.run.workspaceId,
    workflow_id: i.run.workflowId,
    workflow_version: i.run.version,
    trigger: i.run.trigger ?? null,
    dedupe_key: i.run.dedupeKey,
    response: i.response ?? null,
    ...stateRow(i.state),
  }));
  const steps = stepRows(inserts.flatMap((i) => i.records.map((r) => ({ runId: i.run.id, record: r }))));
  const { rows } = await sql<{ id: string }>`
    with v as (
      select * from jsonb_to_recordset(${toJsonText(runs)}::text::jsonb)
        as v(id uuid, workspace_id uuid, workflow_id uuid, workflow_version int, trigger jsonb, dedupe_key text, ${sql.raw(STATE_COLUMNS)})
    ), fenced as (
      insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, dedupe_key, output, error, response,
        ready_at, wake_at, lease_owner, lease_token, lease_expires_at, claims, dead_letter, started_at, finished_at, held_at, counted_at)
      select v.id, v.workspace_id, v.workflow_id, v.workflow_version, v.status, v.trigger, v.dedupe_key, v.output, v.error, v.response,
        ${sql.raw(READY_AT_SQL)},
        case when v.status = 'waiting' then v.wake_at end,
        case when v.status = 'running' then v.lease_owner end,
        case when v.status = 'running' then v.lease_token end,
        case when v.status = 'running' then now() + v.lease_ms * interval '1 millisecond' end,
        case when v.status in ('queued', 'quota_exceeded') then 0 else 1 end,
        coalesce(v.dead_letter, false),
        case when v.status not in ('queued', 'quota_exceeded') then now() end,
        case when ${sql.raw(TERMINAL_SQL)} then now() end,
        -- A held run does not count against the run quota until it is released.
        case when v.status = 'quota_exceeded' then now() end,
        case when v.status = 'quota_exceeded' then null else now() end
      from v
      on conflict (workflow_id, dedupe_key) where dedupe_key is not null do nothing
      returning id, workspace_id
    ), steps as (${sql.raw(UPSERT_STEPS_SQL)}
      from fenced f join jsonb_to_recordset(${steps}::text::jsonb) as s(${sql.raw(STEP_COLUMNS)}) on s.run_id = f.id
      on conflict (run_id, key) do update set seq = excluded.seq, status = excluded.status, input = excluded.input,
        output = excluded.output, error = excluded.error, attempts = excluded.attempts, next = excluded.next,
        started_at = excluded.started_at, finished_at = excluded.finished_at, tokens = excluded.tokens)
    select id from fenced`.execute(db);
  return new Set(rows.map((r) => r.id));
}

export interface WrittenRun {
  workspaceId: string;
  workflowId: string;
  cancelRequested: boolean;
}

/**
 * Checkpoints and completions of leased runs: the new state and step records of every run in the
 * batch, in one statement. A run whose lease token no longer matches (another worker took it over) is
 * not written; only written runs are returned, with their cancellation flag.
 */
export async function updateRuns(db: Kysely<Database>, updates: readonly RunUpdate[]): Promise<Map<string, WrittenRun>> {
  const runs = updates.map((u) => ({ id: u.runId, expected_token: u.leaseToken, response: u.response ?? null, ...stateRow(u.state) }));
  const steps = stepRows(updates.flatMap((u) => u.records.map((r) => ({ runId: u.runId, record: r }))));
  const { rows } = await sql<{ id: string; workspace_id: string; workflow_id: string; cancel_requested: boolean }>`
    with v as (
      select * from jsonb_to_recordset(${toJsonText(runs)}::text::jsonb) as v(id uuid, expected_token uuid, ${sql.raw(STATE_COLUMNS)})
    ), fenced as (
      update runs r set
        status = v.status,
        updated_at = now(),
        ready_at = ${sql.raw(READY_AT_SQL)},
        wake_at = case when v.status = 'waiting' then v.wake_at end,
        lease_owner = case when v.status = 'running' then v.lease_owner end,
        lease_token = case when v.status = 'running' then v.lease_token end,
        lease_expires_at = case when v.status = 'running' then now() + v.lease_ms * interval '1 millisecond' end,
        output = case when v.status = 'succeeded' then v.output else r.output end,
        error = case when v.status in ('failed', 'cancelled') then v.error else r.error end,
        dead_letter = case when v.status = 'failed' then v.dead_letter else r.dead_letter end,
        finished_at = case when ${sql.raw(TERMINAL_SQL)} then now() else r.finished_at end,
        response = coalesce(v.response, r.response)
      from v
      where r.id = v.id and r.lease_token = v.expected_token and r.status = 'running'
      returning r.id, r.workspace_id, r.workflow_id, r.cancel_requested
    ), steps as (${sql.raw(UPSERT_STEPS_SQL)}
      from fenced f join jsonb_to_recordset(${steps}::text::jsonb) as s(${sql.raw(STEP_COLUMNS)}) on s.run_id = f.id
      on conflict (run_id, key) do update set seq = excluded.seq, status = excluded.status, input = excluded.input,
        output = excluded.output, error = excluded.error, attempts = excluded.attempts, next = excluded.next,
        started_at = excluded.started_at, finished_at = excluded.finished_at, tokens = excluded.tokens)
    select id, workspace_id, workflow_id, cancel_requested from fenced`.execute(db);
  return new Map(rows.map((r) => [r.id, { workspaceId: r.workspace_id, workflowId: r.workflow_id, cancelRequested: r.cancel_requested }]));
}
