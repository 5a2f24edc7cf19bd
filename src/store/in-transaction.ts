import type { Kysely, Transaction } from 'kysely';

/**
 * Runs `fn` in a transaction: a new one, or the caller's when `db` already is a transaction handle (a
 * store built on `db.transaction()`'s handle then joins it, so several stores' writes commit or roll
 * back together, e.g. a pack import).
 */
export function inTransaction<DB, T>(db: Kysely<DB>, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  return db.transaction().execute(fn);
}
