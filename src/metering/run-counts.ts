import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { utcDay } from './usage-ledger.ts';
import type { UsagePeriod } from './usage-service.ts';

/**
 * Runs counted against the run quota in a period: by `counted_at` (creation, or release of a held run),
 * so a held run counts in the period it was released in and not while it waits (migration 010).
 */
export async function countCountedRuns(db: Kysely<Database>, workspaceId: string, period: UsagePeriod): Promise<number> {
  // Plus the runs of the period the retention purger deleted (migration 014): one statement, so a purge
  // committing meanwhile is seen whole or not at all. Periods start at 00:00 UTC: whole days add up.
  const { rows } = await sql<{ n: string }>`
    select ((select count(*) from runs where workspace_id = ${workspaceId}::uuid and counted_at >= ${period.start} and counted_at < ${period.reset})
      + (select coalesce(sum(runs), 0) from run_usage_purged where workspace_id = ${workspaceId}::uuid and day >= ${utcDay(period.start)}::date and day < ${utcDay(period.reset)}::date))::text as n`.execute(db);
  return Number(rows[0].n);
}

/** Runs of the workspace waiting in `quota_exceeded`, whatever period they were held in. */
export async function countHeldRuns(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('runs')
    .select(sql<string>`count(*)::text`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'quota_exceeded')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
