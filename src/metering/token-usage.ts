import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { UsagePeriod } from './usage-service.ts';

/*
 * AI tokens, from the step records: a step reports them in its result (`usage.tokens`) and they are
 * stored with the step (`run_steps.tokens`), durably with the record. Counted by the step's finish time.
 * Only a step's final record carries tokens (a failed attempt's record is replaced by it).
 */

export async function tokensInPeriod(db: Kysely<Database>, workspaceId: string, period: UsagePeriod): Promise<number> {
  const row = await db
    .selectFrom('run_steps')
    .select(sql<string>`coalesce(sum(tokens), 0)::text`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('tokens', 'is not', null)
    .where('finished_at', '>=', period.start)
    .where('finished_at', '<', period.reset)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Tokens per UTC day since `from`. */
export async function tokensByDay(db: Kysely<Database>, workspaceId: string, from: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('run_steps')
    .select([sql<string>`to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'), sql<string>`sum(tokens)::text`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('tokens', 'is not', null)
    .where('finished_at', '>=', from)
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [r.day, Number(r.n)]));
}

/** Tokens per workflow since `from`. */
export async function tokensByWorkflow(db: Kysely<Database>, workspaceId: string, from: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('run_steps')
    .innerJoin('runs', 'runs.id', 'run_steps.run_id')
    .select(['runs.workflow_id', sql<string>`sum(run_steps.tokens)::text`.as('n')])
    .where('run_steps.workspace_id', '=', workspaceId)
    .where('run_steps.tokens', 'is not', null)
    .where('run_steps.finished_at', '>=', from)
    .groupBy('runs.workflow_id')
    .execute();
  return new Map(rows.map((r) => [r.workflow_id, Number(r.n)]));
}
