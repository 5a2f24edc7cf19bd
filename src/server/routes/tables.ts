import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import { COLUMN_TYPES, MAX_PAGE_ROWS, TABLE_NAME_PATTERN } from '../../tables/columns.ts';
import { whereFromQuery } from '../../tables/query.ts';
import type { AlterRequest, RowView, TableInfo, TableStore } from '../../tables/table-store.ts';
import { actorOf, workspaceOf } from '../auth/principal.ts';
import { cursorText, invalidCursor } from '../../contracts/list-cursor.ts';
import { HttpError } from '../http-error.ts';
import { paginationQuerySchema } from '../pagination.ts';
import { noContent } from './account-schemas.ts';

export interface TableRoutesOptions {
  tables: TableStore;
  /** Records `table.create`, `table.alter` and `table.delete`. */
  audit: AuditLog;
}

const columnSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'Letters, digits and _, starting with a letter; at most 63' },
    type: { type: 'string', enum: [...COLUMN_TYPES] },
    required: { type: 'boolean' },
    unique: { type: 'boolean', description: 'Not for json columns' },
  },
} as const;

/** A stored column: every field is always present in answers. */
const storedColumnSchema = { ...columnSchema, required: ['name', 'type', 'required', 'unique'] } as const;

const tableSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    columns: { type: 'array', items: storedColumnSchema },
    version: { type: 'integer' },
    rowCount: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'name', 'columns', 'version', 'createdAt', 'updatedAt'],
} as const;

const rowSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    created: { type: 'boolean' },
  },
  required: ['id', 'data', 'createdAt', 'updatedAt'],
} as const;

const nameParams = {
  type: 'object',
  properties: { name: { type: 'string', description: 'Table name: lower-case letters, digits and _, starting with a letter' } },
  required: ['name'],
} as const;

const rowParams = {
  type: 'object',
  properties: { name: nameParams.properties.name, id: { type: 'string', description: 'Row id' } },
  required: ['name', 'id'],
} as const;

const dataBody = {
  type: 'object',
  properties: { data: { type: 'object', additionalProperties: true, description: 'Column values; null clears a value on update' } },
  required: ['data'],
  additionalProperties: false,
} as const;

const tableNotFound = (name: string) => new HttpError(404, 'not_found', `table "${name}" was not found in this workspace`);
const rowNotFound = (table: string, id: string) => new HttpError(404, 'not_found', `row "${id}" was not found in table "${table}"`);
const view = (t: TableInfo, rowCount?: number) => ({ ...t, ...(rowCount === undefined ? {} : { rowCount }) });
const rowView = (r: RowView) => r;

/** Workspace data tables: schema (admin), rows (write) and queries (read). See docs/tables.md. */
export function registerTableRoutes(app: FastifyInstance, { tables, audit }: TableRoutesOptions): void {
  app.get('/api/v1/tables', {
    config: { permission: 'read' },
    schema: {
      tags: ['tables'],
      summary: 'List the workspace\'s data tables by name',
      querystring: { type: 'object', properties: paginationQuerySchema },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: tableSchema }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] } },
    },
  }, async (request) => {
    const q = request.query as { limit: number; cursor?: string };
    let after: string | undefined;
    if (q.cursor !== undefined) {
      after = cursorText(q.cursor);
      if (!TABLE_NAME_PATTERN.test(after)) throw invalidCursor('it does not name a table');
    }
    const rows = await tables.listTables(workspaceOf(request), { limit: q.limit + 1, after });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map((t) => view(t)), nextCursor: rows.length > q.limit && last ? Buffer.from(last.name).toString('base64url') : null };
  });

  app.post('/api/v1/tables', {
    config: { permission: 'admin' },
    schema: {
      tags: ['tables'],
      summary: 'Create a data table with its columns',
      body: {
        type: 'object',
        properties: { name: nameParams.properties.name, columns: { type: 'array', items: columnSchema, maxItems: 100 } },
        required: ['name', 'columns'],
        additionalProperties: false,
      },
      response: { 201: tableSchema },
    },
  }, async (request, reply) => {
    const body = request.body as { name: string; columns: unknown[] };
    const workspaceId = workspaceOf(request);
    const table = await tables.createTable(workspaceId, body.name, body.columns);
    await audit.record({ workspaceId, actor: actorOf(request), action: 'table.create', target: { type: 'table', id: table.name }, details: { columns: table.columns } });
    reply.status(201);
    return view(table, 0);
  });

  app.get('/api/v1/tables/:name', {
    config: { permission: 'read' },
    schema: { tags: ['tables'], summary: 'Get a table\'s schema and row count', params: nameParams, response: { 200: tableSchema } },
  }, async (request) => {
    const { name } = request.params as { name: string };
    const table = await tables.getTable(workspaceOf(request), name);
    if (!table) throw tableNotFound(name);
    return view(table, await tables.rowCount(table.id));
  });

  app.patch('/api/v1/tables/:name', {
    config: { permission: 'admin' },
    schema: {
      tags: ['tables'],
      summary: 'Change a table\'s schema: add columns at once; dropping or retyping a column needs "confirm": "<table name>"',
      params: nameParams,
      body: {
        type: 'object',
        properties: {
          addColumns: { type: 'array', items: columnSchema },
          dropColumns: { type: 'array', items: { type: 'string' } },
          changeColumns: { type: 'array', items: columnSchema, description: 'name plus the type, required or unique to change' },
          confirm: { type: 'string', description: 'The table name, to confirm a destructive change (drop or retype)' },
        },
        additionalProperties: false,
      },
      response: {
        200: { ...tableSchema, properties: { ...tableSchema.properties, changes: { type: 'object', additionalProperties: true, description: 'What changed: columns added, dropped, retyped; rows converted' } } },
      },
    },
  }, async (request) => {
    const { name } = request.params as { name: string };
    const workspaceId = workspaceOf(request);
    const body = (request.body ?? {}) as AlterRequest;
    const { table, summary } = await tables.alterTable(workspaceId, name, body);
    await audit.record({ workspaceId, actor: actorOf(request), action: 'table.alter', target: { type: 'table', id: name }, details: { ...summary, version: table.version, confirmed: body.confirm === name } });
    return { ...view(table), changes: summary };
  });

  app.delete('/api/v1/tables/:name', {
    config: { permission: 'admin' },
    schema: { tags: ['tables'], summary: 'Delete a table and all its rows', params: nameParams, response: { 204: noContent } },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const workspaceId = workspaceOf(request);
    if (!(await tables.deleteTable(workspaceId, name))) throw tableNotFound(name);
    await audit.record({ workspaceId, actor: actorOf(request), action: 'table.delete', target: { type: 'table', id: name } });
    reply.status(204);
  });

  app.get('/api/v1/tables/:name/rows', {
    config: { permission: 'read' },
    schema: {
      tags: ['tables'],
      summary: 'Query rows: filter[col]=v or filter[col][op]=v (eq, ne, gt, gte, lt, lte, contains, in), sort, cursor pagination',
      params: nameParams,
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_ROWS, default: 50, description: `Page size (at most ${MAX_PAGE_ROWS})` },
          cursor: { type: 'string', description: 'nextCursor from the previous page (same filters and sort)' },
          sort: { type: 'string', description: 'A column, createdAt or updatedAt; prefix - for descending (default -createdAt)' },
        },
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: rowSchema }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] } },
    },
  }, async (request) => {
    const { name } = request.params as { name: string };
    const q = request.query as { limit: number; cursor?: string; sort?: string } & Record<string, unknown>;
    const workspaceId = workspaceOf(request);
    return tables.queryRows(workspaceId, name, { where: whereFromQuery(q), sort: q.sort, limit: q.limit, cursor: q.cursor });
  });

  app.post('/api/v1/tables/:name/rows', {
    config: { permission: 'write' },
    schema: { tags: ['tables'], summary: 'Insert a row (validated against the table\'s columns)', params: nameParams, body: dataBody, response: { 201: rowSchema } },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const row = await tables.insertRow(workspaceOf(request), name, (request.body as { data: unknown }).data);
    reply.status(201);
    return rowView(row);
  });

  app.post('/api/v1/tables/:name/rows/upsert', {
    config: { permission: 'write' },
    schema: {
      tags: ['tables'],
      summary: 'Update the row whose unique column `key` equals data[key] (merging data), or insert it: 201 created, 200 updated',
      params: nameParams,
      body: {
        type: 'object',
        properties: { key: { type: 'string', description: 'A unique column' }, data: dataBody.properties.data },
        required: ['key', 'data'],
        additionalProperties: false,
      },
      response: { 200: rowSchema, 201: rowSchema },
    },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const body = request.body as { key: string; data: unknown };
    const row = await tables.upsertRow(workspaceOf(request), name, body.key, body.data);
    reply.status(row.created ? 201 : 200);
    return row;
  });

  app.get('/api/v1/tables/:name/rows/:id', {
    config: { permission: 'read' },
    schema: { tags: ['tables'], summary: 'Get a row', params: rowParams, response: { 200: rowSchema } },
  }, async (request) => {
    const { name, id } = request.params as { name: string; id: string };
    const row = await tables.getRow(workspaceOf(request), name, id);
    if (!row) throw rowNotFound(name, id);
    return rowView(row);
  });

  app.patch('/api/v1/tables/:name/rows/:id', {
    config: { permission: 'write' },
    schema: { tags: ['tables'], summary: 'Update a row: data is merged (null clears a value) and the result validated', params: rowParams, body: dataBody, response: { 200: rowSchema } },
  }, async (request) => {
    const { name, id } = request.params as { name: string; id: string };
    const row = await tables.updateRow(workspaceOf(request), name, { id }, (request.body as { data: unknown }).data);
    if (!row) throw rowNotFound(name, id);
    return rowView(row);
  });

  app.delete('/api/v1/tables/:name/rows/:id', {
    config: { permission: 'write' },
    schema: { tags: ['tables'], summary: 'Delete a row', params: rowParams, response: { 204: noContent } },
  }, async (request, reply) => {
    const { name, id } = request.params as { name: string; id: string };
    if (!(await tables.deleteRow(workspaceOf(request), name, id))) throw rowNotFound(name, id);
    reply.status(204);
  });
}
