import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';
import type { TableRow } from '../engine/ports.ts';
import { StepError } from '../engine/errors.ts';

const ACTIONS = ['insert', 'update', 'upsert', 'find', 'get', 'delete'] as const;
const object = z.record(z.string(), z.unknown());

const tableWith = z
  .strictObject({
    /** Table name in the run's workspace. */
    table: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a table name (lower-case letters, digits and _)'),
    action: z.enum(ACTIONS),
    /** Column values (insert, update, upsert). */
    data: object.optional(),
    /** A unique column: upsert and update find the row by `data[key]`. */
    key: z.string().min(1).optional(),
    /** Filters (find, get, delete): `{ col: value }` or `{ col: { op: value } }`. */
    where: object.optional(),
    /** Row id (update, get, delete). */
    id: z.string().min(1).optional(),
    /** find: a column, createdAt or updatedAt, `-` prefix for descending (default -createdAt). */
    sort: z.string().min(1).optional(),
    /** find: at most this many rows. */
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .check((ctx) => {
    const v = ctx.value;
    const need = (field: keyof typeof v, why: string) => {
      if (v[field] === undefined) ctx.issues.push({ code: 'custom', input: v, path: [field], message: `required: ${why}` });
    };
    if (['insert', 'update', 'upsert'].includes(v.action)) need('data', `${v.action} writes these column values`);
    if (v.action === 'upsert') need('key', 'the unique column that finds the row to update');
    if (v.action === 'update' && v.id === undefined && v.key === undefined) need('id', 'give the row id, or key (a unique column whose value is in data)');
    if (v.action === 'get' && v.id === undefined && v.where === undefined) need('id', 'give the row id, or where');
    if (v.action === 'delete' && v.id === undefined && (v.where === undefined || Object.keys(v.where).length === 0)) need('id', 'give the row id, or a non-empty where');
  });
export type TableWith = z.infer<typeof tableWith>;

/** What later steps see: `{ id, ...columns, createdAt, updatedAt }`. */
export function rowOutput(row: TableRow): Record<string, unknown> {
  return { id: row.id, ...row.data, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export const tableStep: StepType<TableWith> = {
  type: 'table',
  description: 'Insert, update, upsert, find, get or delete rows of a data table of the workspace.',
  sideEffect: true,
  schema: tableWith,
  async run(input, ctx) {
    const tables = ctx.tables;
    switch (input.action) {
      case 'insert':
        return { output: rowOutput(await tables.insert(input.table, input.data!)) };
      case 'upsert': {
        const row = await tables.upsert(input.table, input.key!, input.data!);
        return { output: { ...rowOutput(row), created: row.created } };
      }
      case 'update': {
        const target = input.id !== undefined ? { id: input.id } : { key: input.key!, value: input.data![input.key!] };
        const row = await tables.update(input.table, target, input.data!);
        if (!row) throw new StepError('row_not_found', `no row of table "${input.table}" has ${'id' in target ? `id ${target.id}` : `${target.key} = ${JSON.stringify(target.value)}`}`);
        return { output: rowOutput(row) };
      }
      case 'find': {
        const rows = await tables.find(input.table, { where: input.where, sort: input.sort, limit: input.limit });
        return { output: { rows: rows.map(rowOutput), count: rows.length } };
      }
      case 'get': {
        const row = input.id !== undefined
          ? await tables.get(input.table, input.id)
          : (await tables.find(input.table, { where: input.where, sort: input.sort, limit: 1 }))[0] ?? null;
        return { output: row ? rowOutput(row) : null };
      }
      case 'delete': {
        const deleted = await tables.delete(input.table, input.id !== undefined ? { id: input.id } : { where: input.where! });
        return { output: { deleted } };
      }
    }
  },
};
