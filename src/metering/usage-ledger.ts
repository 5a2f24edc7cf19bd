import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Calls made with a session (no API key) are stored under this key id. */
export const NO_API_KEY = '00000000-0000-0000-0000-000000000000';

export interface UsageDelta {
  workspaceId: string;
  /** Null for a session. */
  apiKeyId: string | null;
  category: string;
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  calls: number;
}

export interface UsageBatch {
  id: string;
  deltas: UsageDelta[];
}

/**
 * Applies a batch of call deltas to the ledger in one transaction. The batch id is inserted first; if
 * it is already there the batch was applied before (a retry after a lost commit answer) and nothing is
 * added. Returns whether this call applied it.
 */
export async function applyUsageBatch(db: Kysely<Database>, batch: UsageBatch): Promise<boolean> {
  const total = batch.deltas.reduce((sum, d) => sum + d.calls, 0);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('usage_batches')
      .values({ batch_id: batch.id, calls: total })
      .onConflict((oc) => oc.column('batch_id').doNothing())
      .returning('batch_id')
      .executeTakeFirst();
    if (!inserted) return false;
    // Sorted, so concurrent flushes of several processes lock rows in one order (no deadlock).
    const rows = [...batch.deltas]
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
      .map((d) => ({ workspace_id: d.workspaceId, day: d.day, api_key_id: d.apiKeyId ?? NO_API_KEY, category: d.category, calls: d.calls }));
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('usage_daily')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['workspace_id', 'day', 'api_key_id', 'category']).doUpdateSet({ calls: sql`usage_daily.calls + excluded.calls` }))
        .execute();
    }
    return true;
  });
}

export function keyOf(d: Omit<UsageDelta, 'calls'>): string {
  return `${d.workspaceId}|${d.apiKeyId ?? ''}|${d.category}|${d.day}`;
}

/** Ledger calls of a workspace per UTC day, for days in [fromDay, toDay]. */
export async function ledgerCallsByDay(db: Kysely<Database>, workspaceId: string, fromDay: string, toDay: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('usage_daily')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), sql<string>`sum(calls)::text`.as('calls')])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('day')
    .execute();
  return new Map(rows.map((r) => [r.day, Number(r.calls)]));
}

/** Ledger rows of a workspace in [fromDay, toDay]: calls per API key and category. */
export async function ledgerCallsByKey(db: Kysely<Database>, workspaceId: string, fromDay: string, toDay: string): Promise<{ apiKeyId: string | null; category: string; calls: number }[]> {
  const rows = await db
    .selectFrom('usage_daily')
    .select(['api_key_id', 'category', sql<string>`sum(calls)::text`.as('calls')])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy(['api_key_id', 'category'])
    .execute();
  return rows.map((r) => ({ apiKeyId: r.api_key_id === NO_API_KEY ? null : r.api_key_id, category: r.category, calls: Number(r.calls) }));
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
