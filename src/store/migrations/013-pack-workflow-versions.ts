import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The version of each workflow a pack import wrote or found unchanged (`pack_workflows.imported_version`),
 * so a later import can tell the user it replaces changes made since (src/packs/import/plan-import.ts).
 * Null for rows recorded before this migration: nothing is known about them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `alter table pack_workflows add column imported_version integer`);
}
