import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { purgedByDay, purgedTokensByWorkflow } from './purged-usage.ts';
import { utcDay } from './usage-ledger.ts';
import type { UsagePeriod } from './usage-service.ts';

/*
 * AI tokens, from the step records: a step reports them in its result (`usage.tokens`) and they are
 * stored with the step (`run_steps.tokens`), durably with the record. Counted by the step's finish time.
 * Only a step's final record carries tokens (a failed attempt's record is replaced by it). Runs deleted by
 * the retention purger left their tokens in `run_usage_purged`, added here.
 */

export async function tokensInPeriod(db: Kysely<Database>, workspaceId: string, period: UsagePeriod): Promise<number> {
  // Plus the tokens of purged runs, by the day their steps finished: one statement, so a purge is seen whole or not at all.
  const { rows } = await sql<{ n: string }>`
    select ((select coalesce(sum(tokens), 0) from run_steps where workspace_id = ${workspaceId}::uuid and tokens is not null and finished_at >= ${period.start} and finished_at < ${period.reset})
      + (select coalesce(sum(tokens), 0) from run_usage_purged where workspace_id = ${workspaceId}::uuid and day >= ${utcDay(period.start)}::date and day < ${utcDay(period.reset)}::date))::text as n`.execute(db);
  return Number(rows[0].n);
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
  const days = new Map(rows.map((r) => [r.day, Number(r.n)]));
  for (const [day, purged] of await purgedByDay(db, workspaceId, utcDay(from))) if (purged.tokens) days.set(day, (days.get(day) ?? 0) + purged.tokens);
  return days;
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
  const workflows = new Map(rows.map((r) => [r.workflow_id, Number(r.n)]));
  for (const [id, n] of await purgedTokensByWorkflow(db, workspaceId, utcDay(from))) workflows.set(id, (workflows.get(id) ?? 0) + n);
  return workflows;
}
