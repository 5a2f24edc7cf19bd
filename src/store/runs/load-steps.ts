import type { Kysely } from 'kysely';
import type { StepRecord } from '../../engine/run-types.ts';
import type { Database } from '../schema.ts';
import { stepRecordFromRow, type StepRow } from './step-records.ts';

/** Step records of the given runs, grouped by run id, in execution order. */
export async function loadSteps(db: Kysely<Database>, runIds: readonly string[]): Promise<Map<string, StepRecord[]>> {
  const byRun = new Map<string, StepRecord[]>();
  if (runIds.length === 0) return byRun;
  const rows = await db.selectFrom('run_steps').selectAll().where('run_id', 'in', runIds).orderBy('seq').execute();
  for (const row of rows as unknown as StepRow[]) {
    const list = byRun.get(row.run_id) ?? [];
    list.push(stepRecordFromRow(row));
    byRun.set(row.run_id, list);
  }
  return byRun;
}
