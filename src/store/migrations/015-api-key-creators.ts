import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * An API key carries the power of the member who made it (src/auth/permissions.ts `apiKeyRole`), so a
 * key's `created_by` must never go missing on its own:
 * - a key made with another key names that key's creator (they were stored with no creator, which now
 *   means an operator key); the audit log records which key made which, followed back to a member;
 * - a user removed for good takes their keys with them, instead of leaving keys with no creator.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Each pass reaches one more link of a key-made-by-key chain.
  for (let pass = 0; pass < 50; pass++) {
    const result = await sql`
      update api_keys k set created_by = parent.created_by
      from audit_events e join api_keys parent on parent.id = e.actor_id
      where k.created_by is null and e.action = 'api_key.create' and e.actor_type = 'api_key'
        and e.target_type = 'api_key' and e.target_id = k.id::text and parent.created_by is not null`.execute(db);
    if (!result.numAffectedRows) break;
  }
  await executeStatements(db, `
    alter table api_keys drop constraint api_keys_created_by_fkey;
    alter table api_keys add constraint api_keys_created_by_fkey foreign key (created_by) references users(id) on delete cascade;
  `);
}
