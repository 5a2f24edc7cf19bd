import type { paths } from '../../api/schema.ts';

type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type DataTable = Answer<'/api/v1/tables/{name}', 'get'>;
export type Column = DataTable['columns'][number];
export type ColumnType = Column['type'];
export type Row = Answer<'/api/v1/tables/{name}/rows', 'get'>['items'][number];

export const COLUMN_TYPES: readonly ColumnType[] = ['text', 'number', 'boolean', 'date', 'json'];

/** The comparison operators the rows query takes (docs/tables.md), by the column types they apply to. */
export const FILTER_OPS = [
  { id: 'eq', label: 'equals' },
  { id: 'ne', label: 'does not equal' },
  { id: 'contains', label: 'contains' },
  { id: 'gt', label: 'greater than' },
  { id: 'gte', label: 'at least' },
  { id: 'lt', label: 'less than' },
  { id: 'lte', label: 'at most' },
  { id: 'in', label: 'is one of (comma-separated)' },
] as const;
export type FilterOp = (typeof FILTER_OPS)[number]['id'];

export function opsFor(type: ColumnType): FilterOp[] {
  if (type === 'json') return ['eq', 'ne'];
  if (type === 'boolean') return ['eq', 'ne', 'in'];
  if (type === 'text') return ['eq', 'ne', 'contains', 'gt', 'gte', 'lt', 'lte', 'in'];
  return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'];
}

export interface RowFilter {
  column: string;
  op: FilterOp;
  value: string;
}
