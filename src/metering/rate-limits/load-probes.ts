import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { LoadProbes } from './load-monitor.ts';

/**
 * The database signals of the load monitor. A `select 1` waits for a pooled connection (PostgreSQL) or
 * behind every queued statement (PGlite's single connection), so its time is the wait a request's query
 * would see. The queue count is the ready-run index also behind `levqor_queue_depth`.
 */
export function databaseLoadProbes(db: Kysely<Database>): LoadProbes {
  return {
    async databaseWaitMs() {
      const started = performance.now();
      await sql`select 1`.execute(db);
      return performance.now() - started;
    },
    async queueDepth() {
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from runs where ready_at <= now() and status <> 'running'`.execute(db);
      return rows[0]?.count ?? 0;
    },
  };
}
