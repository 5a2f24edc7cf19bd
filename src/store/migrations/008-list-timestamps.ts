import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Newest-first listings page by `(created_at, id)` and hand the position back to clients as a
 * JavaScript date, which holds milliseconds. Stored with microseconds, rows created within the same
 * millisecond as a page's last row could be skipped by the next page; millisecond columns round-trip
 * exactly.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    alter table workflows alter column created_at type timestamptz(3);
    alter table runs alter column created_at type timestamptz(3);
    alter table audit_events alter column created_at type timestamptz(3);
  `);
}
