import { sql, type Kysely } from 'kysely';
import type { StepRecord, SyncResponse } from '../../engine/run-types.ts';
import { toJsonText } from '../json-text.ts';
import type { Database } from '../schema.ts';
import { runStateColumns, type RunState } from './run-state.ts';
import { stepRecordsParam, upsertStepsFrom } from './step-records.ts';

export interface NewRun {
  id: string;
  workspaceId: string;
  workflowId: string;
  version: number;
  trigger: unknown;
  /** Maps repeated triggers (Idempotency-Key, cron slot) to one run. */
  dedupeKey: string | null;
}

export type InsertRunResult = { inserted: true; runId: string } | { inserted: false; runId: string };

/**
 * Inserts a run with its state and any steps already executed, in one statement (one round trip,
 * one commit). A repeated dedupe key inserts nothing and answers with the existing run's id.
 */
export async function insertRun(
  db: Kysely<Database>,
  run: NewRun,
  state: RunState,
  records: readonly StepRecord[] = [],
  response?: SyncResponse,
): Promise<InsertRunResult> {
  const columns = runStateColumns(state, response);
  if (state.status !== 'queued') columns.push(['started_at', sql`now()`], ['claims', sql`1`]);
  const names = ['id', 'workspace_id', 'workflow_id', 'workflow_version', 'trigger', 'dedupe_key', ...columns.map(([n]) => n)];
  const values = [
    sql`${run.id}::uuid`,
    sql`${run.workspaceId}::uuid`,
    sql`${run.workflowId}::uuid`,
    sql`${run.version}::int`,
    sql`${toJsonText(run.trigger)}::text::jsonb`,
    sql`${run.dedupeKey}::text`,
    ...columns.map(([, v]) => v),
  ];
  const insert = sql`
    insert into runs (${sql.join(names.map((n) => sql.ref(n)))}) values (${sql.join(values)})
    on conflict (workflow_id, dedupe_key) where dedupe_key is not null do nothing
    returning id, workspace_id`;
  const statement = records.length
    ? sql<{ id: string | null }>`with fenced as (${insert}), steps as (${upsertStepsFrom(stepRecordsParam(records), 'fenced')})
        select (select id from fenced) as id`
    : sql<{ id: string | null }>`with fenced as (${insert}) select (select id from fenced) as id`;
  const { rows } = await statement.execute(db);
  if (rows[0]?.id) return { inserted: true, runId: rows[0].id };
  const existing = await db
    .selectFrom('runs')
    .select('id')
    .where('workflow_id', '=', run.workflowId)
    .where('dedupe_key', '=', run.dedupeKey)
    .executeTakeFirstOrThrow();
  return { inserted: false, runId: existing.id };
}
