import { sql, type Transaction } from 'kysely';
import { toJsonText } from '../store/json-text.ts';
import type { Database } from '../store/schema.ts';
import { checkColumnSet, convertValue, COLUMN_TYPES, invalid, keyText, parseColumns, type ColumnDef, type ColumnType, type FieldIssue } from './columns.ts';
import { TableError } from './table-error.ts';
import { toTableInfo, type TableInfo } from './table-info.ts';
import type { AlterRequest } from './table-store.ts';

const BATCH = 500;

type ColumnChange = { name: string; type?: ColumnType; required?: boolean; unique?: boolean };

/** A schema change checked on its own (before the table is read): what to add, drop and change. */
export interface SchemaChange {
  adds: ColumnDef[];
  drops: string[];
  changes: ColumnChange[];
}

export function parseSchemaChange(change: AlterRequest): SchemaChange {
  const adds = parseColumns(change.addColumns ?? [], 'addColumns');
  const drops = (change.dropColumns ?? []).map((d, i) => {
    if (typeof d !== 'string') throw invalid(`dropColumns[${i}]: expected a column name`, [{ path: `dropColumns[${i}]`, message: 'expected a column name' }]);
    return d;
  });
  const changes = (change.changeColumns ?? []).map((c, i) => parseChange(c, `changeColumns[${i}]`));
  if (adds.length + drops.length + changes.length === 0) throw invalid('nothing to change: give addColumns, dropColumns or changeColumns', [{ path: 'body', message: 'empty change' }]);
  const named = [...adds.map((c) => c.name), ...drops, ...changes.map((c) => c.name)];
  const twice = named.find((n, i) => named.indexOf(n) !== i);
  if (twice) throw invalid(`column "${twice}" appears more than once in the change`, [{ path: 'body', message: `"${twice}" appears more than once` }]);
  return { adds, drops, changes };
}

/**
 * Applies a schema change to a table whose row the caller holds locked (`for update`): checks it against
 * the existing columns and rows, refuses a destructive change unless `confirm` is the table's name,
 * rewrites stored values and unique keys, and stores the new column set (version + 1).
 */
export async function applySchemaChange(tx: Transaction<Database>, table: TableInfo, { adds, drops, changes }: SchemaChange, confirm: unknown): Promise<{ table: TableInfo; summary: Record<string, unknown> }> {
  const name = table.name;
  const old = new Map(table.columns.map((c) => [c.name, c]));
  for (const d of drops) if (!old.has(d)) throw invalid(`dropColumns: table "${name}" has no column "${d}"`, [{ path: 'dropColumns', message: `no column "${d}"` }]);
  for (const c of changes) if (!old.has(c.name)) throw invalid(`changeColumns: table "${name}" has no column "${c.name}"`, [{ path: 'changeColumns', message: `no column "${c.name}"` }]);
  for (const a of adds) if (old.has(a.name)) throw invalid(`addColumns: table "${name}" already has a column "${a.name}"`, [{ path: 'addColumns', message: `"${a.name}" exists` }]);

  const retypes = changes.filter((c) => c.type !== undefined && c.type !== old.get(c.name)!.type);
  const destructive = [
    ...drops.map((d) => `dropping column "${d}" deletes its value from every row`),
    ...retypes.map((c) => `changing column "${c.name}" from ${old.get(c.name)!.type} to ${c.type} converts every stored value`),
  ];
  if (destructive.length && confirm !== name) {
    throw new TableError(409, 'confirmation_required',
      `this schema change is destructive: ${destructive.join('; ')}. It cannot be undone. To apply it, send the same request with "confirm": "${name}"${confirm === undefined ? '' : ' (the confirm value given does not match the table name)'}.`,
      { destructive });
  }

  const columns: ColumnDef[] = table.columns
    .filter((c) => !drops.includes(c.name))
    .map((c) => {
      const ch = changes.find((x) => x.name === c.name);
      return ch ? { name: c.name, type: ch.type ?? c.type, required: ch.required ?? c.required, unique: ch.unique ?? c.unique } : c;
    })
    .concat(adds);
  checkColumnSet(columns);
  const jsonUnique = columns.find((c) => c.unique && c.type === 'json');
  if (jsonUnique) throw invalid(`changeColumns: json column "${jsonUnique.name}" cannot be unique`, [{ path: 'changeColumns', message: 'json columns cannot be unique' }]);

  let rewritten = 0;
  for (const d of drops) {
    const result = await sql`update data_rows set data = data - ${d}::text, updated_at = date_trunc('milliseconds', now()) where table_id = ${table.id} and data ? ${d}::text`.execute(tx);
    rewritten += Number(result.numAffectedRows ?? 0);
    await tx.deleteFrom('data_row_keys').where('table_id', '=', table.id).where('column', '=', d).execute();
  }
  for (const c of retypes) rewritten += await convertColumn(tx, table, c.name, c.type!);
  for (const c of columns) {
    const before = old.get(c.name);
    if (c.required && (!before || !before.required)) await checkPresent(tx, table, c.name);
  }
  for (const c of columns) {
    const before = old.get(c.name);
    const rekey = c.unique && (!before || !before.unique || before.type !== c.type);
    if (before?.unique && !c.unique) await tx.deleteFrom('data_row_keys').where('table_id', '=', table.id).where('column', '=', c.name).execute();
    if (rekey) await rebuildKeys(tx, table, c);
  }
  const updated = await tx
    .updateTable('data_tables')
    .set({ columns: toJsonText(columns), version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', table.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    table: toTableInfo(updated),
    summary: { added: adds.map((c) => c.name), dropped: drops, changed: changes.map((c) => c.name), retyped: retypes.map((c) => c.name), rowsRewritten: rewritten },
  };
}

async function convertColumn(tx: Transaction<Database>, table: TableInfo, column: string, to: ColumnType): Promise<number> {
  const { rows } = await sql<{ id: string; value: unknown }>`select id, data->${column}::text as value from data_rows where table_id = ${table.id} and data ? ${column}::text order by id`.execute(tx);
  const bad: string[] = [];
  const converted: { id: string; val: unknown }[] = [];
  for (const r of rows) {
    const c = convertValue(r.value, to);
    if (c === undefined) bad.push(r.id);
    else converted.push({ id: r.id, val: c.value });
  }
  if (bad.length) {
    throw new TableError(422, 'conversion_failed',
      `${bad.length} row(s) of table "${table.name}" hold values in column "${column}" that do not convert to ${to}: ${bad.slice(0, 20).join(', ')}${bad.length > 20 ? ', …' : ''}. Fix or clear those values first; nothing was changed.`,
      { column, type: to, rowIds: bad.slice(0, 100), count: bad.length });
  }
  for (let i = 0; i < converted.length; i += BATCH) {
    const batch = converted.slice(i, i + BATCH);
    await sql`update data_rows r set data = jsonb_set(r.data, array[${column}::text], v.val), updated_at = date_trunc('milliseconds', now())
      from jsonb_to_recordset(${toJsonText(batch)}::text::jsonb) as v(id uuid, val jsonb) where r.id = v.id`.execute(tx);
  }
  return converted.length;
}

async function checkPresent(tx: Transaction<Database>, table: TableInfo, column: string): Promise<void> {
  const { rows } = await sql<{ id: string }>`select id from data_rows where table_id = ${table.id} and not (data ? ${column}::text) order by id limit 21`.execute(tx);
  if (rows.length) {
    const ids = rows.slice(0, 20).map((r) => r.id);
    throw new TableError(422, 'missing_values',
      `column "${column}" cannot be required: row(s) ${ids.join(', ')}${rows.length > 20 ? ', …' : ''} have no value for it. Add it as optional, fill in the values, then make it required with changeColumns.`,
      { column, rowIds: ids });
  }
}

async function rebuildKeys(tx: Transaction<Database>, table: TableInfo, column: ColumnDef): Promise<void> {
  await tx.deleteFrom('data_row_keys').where('table_id', '=', table.id).where('column', '=', column.name).execute();
  const { rows } = await sql<{ id: string; value: unknown }>`select id, data->${column.name}::text as value from data_rows where table_id = ${table.id} and data ? ${column.name}::text order by created_at, id`.execute(tx);
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  const keys = [];
  for (const r of rows) {
    const value = keyText(column.type, r.value);
    const first = seen.get(value);
    if (first) duplicates.push(r.id, first);
    else seen.set(value, r.id);
    keys.push({ table_id: table.id, column: column.name, value, row_id: r.id });
  }
  if (duplicates.length) {
    const ids = [...new Set(duplicates)].slice(0, 20);
    throw new TableError(409, 'unique_violation', `column "${column.name}" cannot be unique: rows ${ids.join(', ')} share values. Make the values distinct first.`, { column: column.name, rowIds: ids });
  }
  for (let i = 0; i < keys.length; i += BATCH) await tx.insertInto('data_row_keys').values(keys.slice(i, i + BATCH)).execute();
}

function parseChange(raw: unknown, path: string): ColumnChange {
  const issues: FieldIssue[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`${path}: expected an object { name, type?, required?, unique? }`, [{ path, message: 'expected an object' }]);
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!['name', 'type', 'required', 'unique'].includes(key)) issues.push({ path: `${path}.${key}`, message: 'unknown field' });
  if (typeof c.name !== 'string') issues.push({ path: `${path}.name`, message: 'required' });
  if (c.type !== undefined && !COLUMN_TYPES.includes(c.type as ColumnType)) issues.push({ path: `${path}.type`, message: `must be one of: ${COLUMN_TYPES.join(', ')}` });
  for (const flag of ['required', 'unique'] as const) if (c[flag] !== undefined && typeof c[flag] !== 'boolean') issues.push({ path: `${path}.${flag}`, message: 'expected a boolean' });
  if (issues.length) throw invalid(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return { name: c.name as string, type: c.type as ColumnType | undefined, required: c.required as boolean | undefined, unique: c.unique as boolean | undefined };
}
