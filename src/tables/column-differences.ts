import type { ColumnDef, ColumnType } from './columns.ts';

/** A declared column that an existing table lacks (`found: null`) or holds with another type. */
export interface ColumnDifference {
  column: ColumnDef;
  found: ColumnType | null;
}

/**
 * How an existing table differs from a declaration (templates and packs declare the tables they need),
 * in declaration order. Extra columns of the existing table and differing `required`/`unique` flags are
 * not differences: the declared workflows work with them.
 */
export function columnDifferences(declared: readonly ColumnDef[], existing: readonly ColumnDef[]): ColumnDifference[] {
  const have = new Map(existing.map((c) => [c.name, c.type]));
  return declared.filter((c) => have.get(c.name) !== c.type).map((c) => ({ column: c, found: have.get(c.name) ?? null }));
}
