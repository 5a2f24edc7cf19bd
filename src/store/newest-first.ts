import { sql, type RawBuilder } from 'kysely';

/** Position in a `(created_at desc, id desc)` listing: the last row of the previous page. */
export interface ListPosition {
  createdAt: Date;
  id: string;
}

/**
 * Keyset condition for the rows after `after` in a newest-first listing. A row comparison, so the
 * `(…, created_at desc, id desc)` indexes serve it. `alias` qualifies the columns (`e` → `e.created_at`).
 */
export function olderThan(after: ListPosition, alias?: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  return sql<boolean>`(${column('created_at')}, ${column('id')}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
}
