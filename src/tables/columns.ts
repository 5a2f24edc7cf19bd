import { createHash } from 'node:crypto';
import { TableError } from './table-error.ts';

export const COLUMN_TYPES = ['text', 'number', 'boolean', 'date', 'json'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnDef {
  name: string;
  type: ColumnType;
  required: boolean;
  unique: boolean;
}

export const TABLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const COLUMN_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
/** Names the row views use for their own fields. */
export const RESERVED_COLUMNS = new Set(['id', 'createdAt', 'updatedAt', 'created']);
export const MAX_COLUMNS = 100;
export const MAX_ROW_BYTES = 256 * 1024;
export const MAX_PAGE_ROWS = 1000;

export interface FieldIssue {
  path: string;
  message: string;
}

export function invalid(message: string, details: FieldIssue[]): TableError {
  return new TableError(422, 'validation_failed', message, details);
}

export function tableNameProblem(name: unknown): string | undefined {
  if (typeof name === 'string' && TABLE_NAME_PATTERN.test(name)) return undefined;
  return 'use 1 to 63 lower-case letters, digits and underscores, starting with a letter (for example leads)';
}

/** Checks one column definition from a request; `path` names it in messages (`columns[2]`). */
export function parseColumn(raw: unknown, path: string): ColumnDef {
  const issues: FieldIssue[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`${path}: expected an object { name, type, required?, unique? }`, [{ path, message: 'expected an object' }]);
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!['name', 'type', 'required', 'unique'].includes(key)) issues.push({ path: `${path}.${key}`, message: 'unknown field (a column has name, type, required and unique)' });
  }
  if (typeof c.name !== 'string' || !COLUMN_NAME_PATTERN.test(c.name)) {
    issues.push({ path: `${path}.name`, message: 'use 1 to 63 letters, digits and underscores, starting with a letter' });
  } else if (RESERVED_COLUMNS.has(c.name)) {
    issues.push({ path: `${path}.name`, message: `"${c.name}" is reserved (id, createdAt, updatedAt and created are row fields)` });
  }
  if (!COLUMN_TYPES.includes(c.type as ColumnType)) issues.push({ path: `${path}.type`, message: `must be one of: ${COLUMN_TYPES.join(', ')}` });
  for (const flag of ['required', 'unique'] as const) {
    if (c[flag] !== undefined && typeof c[flag] !== 'boolean') issues.push({ path: `${path}.${flag}`, message: 'expected a boolean' });
  }
  if (c.unique === true && c.type === 'json') issues.push({ path: `${path}.unique`, message: 'json columns cannot be unique' });
  if (issues.length) throw invalid(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return { name: c.name as string, type: c.type as ColumnType, required: c.required === true, unique: c.unique === true };
}

/** Parses a list of column definitions, reporting the problems of every column at once. */
export function parseColumns(raw: readonly unknown[], path: string): ColumnDef[] {
  const issues: FieldIssue[] = [];
  const columns: ColumnDef[] = [];
  raw.forEach((c, i) => {
    try {
      columns.push(parseColumn(c, `${path}[${i}]`));
    } catch (error) {
      if (!(error instanceof TableError)) throw error;
      issues.push(...(error.details as FieldIssue[]));
    }
  });
  if (issues.length) throw invalid(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return columns;
}

export function checkColumnSet(columns: ColumnDef[]): void {
  if (columns.length > MAX_COLUMNS) throw invalid(`a table has at most ${MAX_COLUMNS} columns (this change gives ${columns.length})`, [{ path: 'columns', message: `at most ${MAX_COLUMNS}` }]);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw invalid(`column "${c.name}" appears twice`, [{ path: 'columns', message: `duplicate column "${c.name}"` }]);
    seen.add(c.name);
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A date-only value stays `YYYY-MM-DD`; a date-time becomes UTC ISO text (missing zone = UTC). */
export function normaliseDate(value: string): string | undefined {
  const d = DATE_ONLY.exec(value);
  if (d) {
    const date = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
    return date.getUTCFullYear() === Number(d[1]) && date.getUTCMonth() === Number(d[2]) - 1 && date.getUTCDate() === Number(d[3]) ? value : undefined;
  }
  const t = DATE_TIME.exec(value);
  if (!t) return undefined;
  const time = new Date(t[7] ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(time.getTime()) || Number(t[2]) > 12 || Number(t[4]) > 23 || Number(t[5]) > 59) return undefined;
  return time.toISOString();
}

const EXPECTED: Record<ColumnType, string> = {
  text: 'expected text (a string)',
  number: 'expected a number',
  boolean: 'expected a boolean (true or false)',
  date: 'expected an ISO date (YYYY-MM-DD or a date-time)',
  json: 'expected a JSON value',
};

/** The stored form of a value for a column, or an error message. */
export function checkValue(type: ColumnType, value: unknown): { value: unknown } | { error: string } {
  switch (type) {
    case 'text':
      return typeof value === 'string' ? { value } : { error: EXPECTED.text };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: EXPECTED.number };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: EXPECTED.boolean };
    case 'date': {
      const normal = typeof value === 'string' ? normaliseDate(value) : undefined;
      return normal === undefined ? { error: EXPECTED.date } : { value: normal };
    }
    case 'json':
      return { value };
  }
}

/**
 * Validates a full row against the columns: unknown fields refused, required ones present, values typed.
 * `null` means "no value". Returns the stored form (dates normalised, nulls dropped).
 */
export function validateRow(columns: readonly ColumnDef[], data: unknown, path = 'data'): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalid(`${path}: expected an object of column values`, [{ path, message: 'expected an object' }]);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const issues: FieldIssue[] = [];
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const column = byName.get(name);
    if (!column) {
      issues.push({ path: `${path}.${name}`, message: 'unknown field (the table has no such column)' });
      continue;
    }
    if (value === null || value === undefined) continue;
    const checked = checkValue(column.type, value);
    if ('error' in checked) issues.push({ path: `${path}.${name}`, message: checked.error });
    else row[name] = checked.value;
  }
  for (const column of columns) {
    if (column.required && row[column.name] === undefined && !issues.some((i) => i.path === `${path}.${column.name}`)) {
      issues.push({ path: `${path}.${column.name}`, message: 'required' });
    }
  }
  if (issues.length) throw invalid(`the row is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  const bytes = Buffer.byteLength(JSON.stringify(row));
  if (bytes > MAX_ROW_BYTES) throw new TableError(413, 'row_too_large', `the row is ${bytes} bytes; the limit is ${MAX_ROW_BYTES} bytes (256 KB)`);
  return row;
}

/** Text under which a unique column's value is indexed (long values by their hash, to fit the index). */
export function keyText(type: ColumnType, value: unknown): string {
  const text = type === 'text' || type === 'date' ? String(value) : JSON.stringify(value);
  return text.length > 256 ? `sha256:${createHash('sha256').update(text).digest('hex')}` : text;
}

/** Converts a stored value to another column type for a retype; undefined when it does not convert. */
export function convertValue(value: unknown, to: ColumnType): { value: unknown } | undefined {
  if (to === 'json') return { value };
  if (to === 'text') {
    if (typeof value === 'string') return { value };
    if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
    return { value: JSON.stringify(value) };
  }
  if (to === 'number') {
    if (typeof value === 'number') return { value };
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { value: Number(value) };
    return undefined;
  }
  if (to === 'boolean') {
    if (typeof value === 'boolean') return { value };
    if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { value: value.trim().toLowerCase() === 'true' };
    if (value === 0 || value === 1) return { value: value === 1 };
    return undefined;
  }
  const normal = typeof value === 'string' ? normaliseDate(value.trim()) : undefined;
  return normal === undefined ? undefined : { value: normal };
}
