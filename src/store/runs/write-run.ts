import { sql, type Kysely } from 'kysely';
import type { StepRecord, SyncResponse } from '../../engine/run-types.ts';
import type { Database } from '../schema.ts';
import { runStateColumns, setClause, type RunState } from './run-state.ts';
import { stepRecordsParam, upsertStepsFrom } from './step-records.ts';

/**
 * Checkpoint or completion of a leased run: writes the new state and the step records in one statement,
 * but only while `leaseToken` still owns the run (fencing). Returns false when the lease was lost, in
 * which case nothing was written.
 */
export async function writeRun(
  db: Kysely<Database>,
  runId: string,
  leaseToken: string,
  state: RunState,
  records: readonly StepRecord[],
  response?: SyncResponse,
): Promise<{ written: boolean; cancelRequested: boolean }> {
  const update = sql`
    update runs set ${setClause(runStateColumns(state, response))}
    where id = ${runId}::uuid and lease_token = ${leaseToken}::uuid and status = 'running'
    returning id, workspace_id, cancel_requested`;
  const statement = records.length
    ? sql<{ id: string | null; cancel_requested: boolean | null }>`
        with fenced as (${update}), steps as (${upsertStepsFrom(stepRecordsParam(records), 'fenced')})
        select (select id from fenced) as id, (select cancel_requested from fenced) as cancel_requested`
    : sql<{ id: string | null; cancel_requested: boolean | null }>`
        with fenced as (${update}) select (select id from fenced) as id, (select cancel_requested from fenced) as cancel_requested`;
  const { rows } = await statement.execute(db);
  return { written: Boolean(rows[0]?.id), cancelRequested: Boolean(rows[0]?.cancel_requested) };
}
