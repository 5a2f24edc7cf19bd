import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { UsagePeriod } from './usage-service.ts';

/**
 * Runs counted against the run quota in a period: by `counted_at` (creation, or release of a held run),
 * so a held run counts in the period it was released in and not while it waits (migration 010).
 */
export async function countCountedRuns(db: Kysely<Database>, workspaceId: string, period: UsagePeriod): Promise<number> {
  const row = await db
    .selectFrom('runs')
    .select(sql<string>`count(*)::text`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('counted_at', '>=', period.start)
    .where('counted_at', '<', period.reset)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
