import { sql, type Kysely } from 'kysely';

/** Runs a migration script one statement at a time: prepared statements take a single command. */
export async function executeStatements(db: Kysely<any>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }
}
