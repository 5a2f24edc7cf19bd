import { sql, type RawBuilder } from 'kysely';
import { cursorText, cursorTime, cursorUuid, invalidCursor } from '../contracts/list-cursor.ts';
import { toJsonText } from '../store/json-text.ts';
import { checkValue, type ColumnDef, type ColumnType, type FieldIssue } from './columns.ts';
import { TableError } from './table-error.ts';

export const FILTER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'in'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
const MAX_IN_VALUES = 100;

function badFilter(path: string, message: string): TableError {
  return new TableError(400, 'invalid_filter', `${path}: ${message}`, [{ path, message }] satisfies FieldIssue[]);
}

/** A filter value for a column: strings (from a query string) are read as the column's type. */
function filterValue(column: ColumnDef, raw: unknown, path: string): unknown {
  let value = raw;
  if (typeof raw === 'string' && column.type === 'number') value = raw.trim() === '' ? raw : Number(raw);
  if (typeof raw === 'string' && column.type === 'boolean') value = raw === 'true' ? true : raw === 'false' ? false : raw;
  const checked = checkValue(column.type, value);
  if ('error' in checked || value === null) throw badFilter(path, 'error' in checked ? checked.error : 'expected a value');
  return checked.value;
}

/** Typed, comparable SQL expression of a column (text and dates compare byte-wise, as ISO text). */
function typedExpr(column: { name: string; type: ColumnType }): RawBuilder<unknown> {
  switch (column.type) {
    case 'number':
      return sql`((data->>${column.name})::numeric)`;
    case 'boolean':
      return sql`((data->>${column.name})::boolean)`;
    case 'text':
    case 'date':
      return sql`((data->>${column.name}) collate "C")`;
    case 'json':
      throw badFilter(`sort`, `json column "${column.name}" cannot be compared or sorted`);
  }
}

function typedParam(type: ColumnType, value: unknown): RawBuilder<unknown> {
  if (type === 'number') return sql`${value}::numeric`;
  if (type === 'boolean') return sql`${value}::boolean`;
  return sql`${value}::text`;
}

/**
 * Turns a `where` object (`{ col: value }` or `{ col: { op: value } }`) into SQL conditions on
 * `data_rows.data`. Every column and value is checked against the table's schema first.
 */
export function whereConditions(columns: readonly ColumnDef[], where: unknown, path = 'where'): RawBuilder<unknown>[] {
  if (where === undefined || where === null) return [];
  if (typeof where !== 'object' || Array.isArray(where)) throw badFilter(path, 'expected an object { column: value } or { column: { op: value } }');
  const byName = new Map(columns.map((c) => [c.name, c]));
  const conditions: RawBuilder<unknown>[] = [];
  for (const [name, spec] of Object.entries(where as Record<string, unknown>)) {
    const column = byName.get(name);
    if (!column) throw badFilter(`${path}.${name}`, 'the table has no such column');
    const ops: [string, unknown][] = spec !== null && typeof spec === 'object' && !Array.isArray(spec) && column.type !== 'json'
      ? Object.entries(spec)
      : [['eq', spec]];
    if (ops.length === 0) throw badFilter(`${path}.${name}`, `give an operator: ${FILTER_OPS.join(', ')}`);
    for (const [op, raw] of ops) {
      const at = `${path}.${name}.${op}`;
      if (!FILTER_OPS.includes(op as FilterOp)) throw badFilter(at, `unknown operator; use one of: ${FILTER_OPS.join(', ')}`);
      conditions.push(condition(column, op as FilterOp, raw, at));
    }
  }
  return conditions;
}

function condition(column: ColumnDef, op: FilterOp, raw: unknown, path: string): RawBuilder<unknown> {
  const json = (value: unknown) => sql`${toJsonText(value)}::text::jsonb`;
  switch (op) {
    case 'eq': {
      const value = filterValue(column, raw, path);
      // Containment on scalars is equality, and it can use the GIN index on data.
      return column.type === 'json' ? sql`(data->${column.name}) = ${json(value)}` : sql`data @> ${json({ [column.name]: value })}`;
    }
    case 'ne':
      return sql`(data->${column.name}) is distinct from ${json(filterValue(column, raw, path))}`;
    case 'in': {
      const list = typeof raw === 'string' ? raw.split(',') : raw;
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_IN_VALUES) throw badFilter(path, `expected a list of 1 to ${MAX_IN_VALUES} values (comma-separated in a query string)`);
      const values = list.map((v, i) => json(filterValue(column, v, `${path}[${i}]`)));
      return sql`(data->${column.name}) in (${sql.join(values)})`;
    }
    case 'contains':
      if (column.type !== 'text') throw badFilter(path, 'contains works on text columns only');
      if (typeof raw !== 'string' || raw === '') throw badFilter(path, 'expected non-empty text');
      return sql`strpos(data->>${column.name}, ${raw}) > 0`;
    default: {
      if (column.type === 'json' || column.type === 'boolean') throw badFilter(path, `${op} works on number, text and date columns`);
      const cmp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
      return sql`${typedExpr(column)} ${sql.raw(cmp)} ${typedParam(column.type, filterValue(column, raw, path))}`;
    }
  }
}

/**
 * Reads `?filter[col]=v` and `?filter[col][op]=v` query parameters into the `where` form.
 * Other parameters are ignored.
 */
export function whereFromQuery(query: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const where: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('filter')) continue;
    const m = /^filter\[([^\][]+)\](?:\[([a-z]+)\])?$/.exec(key);
    if (!m) throw badFilter(key, 'expected filter[column]=value or filter[column][op]=value');
    const op = m[2] ?? 'eq';
    const values = Array.isArray(value) ? value : [value];
    if (op === 'in') {
      (where[m[1]] ??= {}).in = values.flatMap((v) => String(v).split(','));
      continue;
    }
    if (values.length !== 1) throw badFilter(key, 'given more than once');
    (where[m[1]] ??= {})[op] = values[0];
  }
  return where;
}

export interface SortSpec {
  /** `createdAt`, `updatedAt` or a column name. */
  field: string;
  desc: boolean;
  type: ColumnType | 'timestamp';
}

export function parseSort(columns: readonly ColumnDef[], text: string | undefined): SortSpec {
  const raw = text ?? '-createdAt';
  const desc = raw.startsWith('-');
  const field = desc ? raw.slice(1) : raw;
  if (field === 'createdAt' || field === 'updatedAt') return { field, desc, type: 'timestamp' };
  const column = columns.find((c) => c.name === field);
  if (!column) throw badFilter('sort', `"${field}" is not a column; sort by a column, createdAt or updatedAt (prefix - for descending)`);
  if (column.type === 'json') throw badFilter('sort', `json column "${field}" cannot be sorted`);
  return { field, desc, type: column.type };
}

export function sortExpr(sort: SortSpec): RawBuilder<unknown> {
  if (sort.type === 'timestamp') return sort.field === 'createdAt' ? sql`created_at` : sql`updated_at`;
  return typedExpr({ name: sort.field, type: sort.type });
}

export function orderBy(sort: SortSpec): RawBuilder<unknown> {
  const dir = sql.raw(sort.desc ? 'desc' : 'asc');
  return sql`${sortExpr(sort)} ${dir} nulls last, id ${dir}`;
}

interface CursorBody {
  s: string;
  v: unknown;
  id: string;
}

export function encodeRowCursor(sort: SortSpec, row: { id: string; data: Record<string, unknown>; createdAt: Date; updatedAt: Date }): string {
  const v = sort.type === 'timestamp' ? (sort.field === 'createdAt' ? row.createdAt : row.updatedAt).toISOString() : (row.data[sort.field] ?? null);
  return Buffer.from(JSON.stringify({ s: `${sort.desc ? '-' : ''}${sort.field}`, v, id: row.id } satisfies CursorBody)).toString('base64url');
}

/** Keyset condition for the page after `cursor` (missing values sort last in both directions). */
export function afterCursor(sort: SortSpec, cursor: string): RawBuilder<unknown> {
  const text = cursorText(cursor);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidCursor('it does not hold JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidCursor('it does not hold a position');
  const { s, v, id } = body as Partial<CursorBody>;
  const sortText = `${sort.desc ? '-' : ''}${sort.field}`;
  if (s !== sortText) throw invalidCursor(`it was made for another sort than "${sortText}" (pass the same sort and filters as for the first page)`);
  const expr = sortExpr(sort);
  const op = sql.raw(sort.desc ? '<' : '>');
  const after = sql`${cursorUuid(id)}::uuid`;
  if (v === null) return sql`(${expr} is null and id ${op} ${after})`;
  const value = sort.type === 'timestamp' ? sql`${cursorTime(v).toISOString()}::timestamptz` : typedParam(sort.type, cursorValue(sort.type, v));
  return sql`(${expr} ${op} ${value} or (${expr} = ${value} and id ${op} ${after}) or ${expr} is null)`;
}

/** A sort value of the column's type, as `encodeRowCursor` writes it. */
function cursorValue(type: ColumnType, value: unknown): unknown {
  const fits = type === 'number' ? typeof value === 'number' && Number.isFinite(value) : type === 'boolean' ? typeof value === 'boolean' : typeof value === 'string';
  if (!fits) throw invalidCursor(`its sort value is not a ${type}`);
  return value;
}
