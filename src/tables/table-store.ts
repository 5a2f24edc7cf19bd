import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { inTransaction } from '../store/in-transaction.ts';
import { toJsonText } from '../store/json-text.ts';
import type { Database } from '../store/schema.ts';
import { checkColumnSet, checkValue, invalid, keyText, MAX_PAGE_ROWS, parseColumns, tableNameProblem, validateRow } from './columns.ts';
import { afterCursor, encodeRowCursor, orderBy, parseSort, whereConditions } from './query.ts';
import { applySchemaChange, parseSchemaChange } from './schema-change.ts';
import { TableError } from './table-error.ts';
import { toTableInfo, type TableInfo } from './table-info.ts';

export type { TableInfo };

export interface RowView {
  id: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlterRequest {
  addColumns?: unknown[];
  dropColumns?: unknown[];
  changeColumns?: unknown[];
  confirm?: unknown;
}

export interface RowQuery {
  where?: unknown;
  sort?: string;
  limit: number;
  cursor?: string;
}

/** A value of a unique column is already used by another row. */
export class UniqueViolation extends TableError {
  readonly column: string;
  constructor(table: string, column: string, value: unknown) {
    const shown = JSON.stringify(value);
    super(409, 'unique_violation', `column "${column}" of table "${table}" is unique and the value ${shown.length > 100 ? `${shown.slice(0, 100)}…` : shown} is already used by another row`, [{ path: `data.${column}`, message: 'already used by another row' }]);
    this.column = column;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETRYABLE = new Set(['40P01', '40001']);

type Db = Kysely<Database> | Transaction<Database>;

const tableNotFound = (name: string) => new TableError(404, 'not_found', `table "${name}" was not found in this workspace`);

const toInfo = toTableInfo;

function toRow(r: { id: string; data: Record<string, unknown>; created_at: Date; updated_at: Date }): RowView {
  return { id: r.id, data: r.data, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at) };
}

/**
 * Workspace data tables and their rows. Every method takes the workspace id: a table of another
 * workspace is "not found". Row writes read the schema under a shared lock on the table's row, schema
 * changes take it exclusively, so a row is always validated against the schema it is stored under.
 * Unique columns are enforced by the primary key of `data_row_keys` (insert … on conflict do nothing,
 * then a missing entry means the value is taken), which is correct under concurrency on both databases.
 */
export class TableStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  // ---- tables ----

  async createTable(workspaceId: string, name: unknown, columns: unknown): Promise<TableInfo> {
    const problem = tableNameProblem(name);
    if (problem) throw invalid(`name: ${problem}`, [{ path: 'name', message: problem }]);
    if (!Array.isArray(columns)) throw invalid('columns: expected a list of columns', [{ path: 'columns', message: 'expected a list' }]);
    const defs = parseColumns(columns, 'columns');
    checkColumnSet(defs);
    const row = await this.#db
      .insertInto('data_tables')
      .values({ workspace_id: workspaceId, name: name as string, columns: toJsonText(defs) })
      .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TableError(409, 'table_exists', `a table named "${name}" already exists in this workspace`);
    return toInfo(row);
  }

  async getTable(workspaceId: string, name: string, db: Db = this.#db): Promise<TableInfo | null> {
    if (tableNameProblem(name)) return null;
    const row = await db.selectFrom('data_tables').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return row ? toInfo(row) : null;
  }

  async rowCount(tableId: string): Promise<number> {
    const { count } = await this.#db.selectFrom('data_rows').select(sql<number>`count(*)::int`.as('count')).where('table_id', '=', tableId).executeTakeFirstOrThrow();
    return count;
  }

  /** By name; `after` is the last name of the previous page. */
  async listTables(workspaceId: string, options: { limit: number; after?: string }): Promise<TableInfo[]> {
    let query = this.#db.selectFrom('data_tables').selectAll().where('workspace_id', '=', workspaceId);
    if (options.after !== undefined) query = query.where('name', '>', options.after);
    return (await query.orderBy('name').limit(options.limit).execute()).map(toInfo);
  }

  async deleteTable(workspaceId: string, name: string): Promise<boolean> {
    if (tableNameProblem(name)) return false;
    const result = await this.#db.deleteFrom('data_tables').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Schema change. Adding columns (and changing `required`/`unique`) applies at once, after checking the
   * existing rows; dropping or retyping a column rewrites stored values, so it needs `confirm: <table name>`.
   */
  async alterTable(workspaceId: string, name: string, change: AlterRequest): Promise<{ table: TableInfo; summary: Record<string, unknown> }> {
    const parsed = parseSchemaChange(change);
    return this.#transaction(async (tx) => {
      const row = await tx.selectFrom('data_tables').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).forUpdate().executeTakeFirst();
      if (!row) throw tableNotFound(name);
      return applySchemaChange(tx, toInfo(row), parsed, change.confirm);
    });
  }

  // ---- rows ----

  async insertRow(workspaceId: string, tableName: string, data: unknown): Promise<RowView> {
    return this.#transaction(async (tx) => {
      const table = await this.#lockSchema(tx, workspaceId, tableName);
      return this.#insert(tx, workspaceId, table, validateRow(table.columns, data));
    });
  }

  async getRow(workspaceId: string, tableName: string, id: string): Promise<RowView | null> {
    const table = await this.getTable(workspaceId, tableName);
    if (!table) throw tableNotFound(tableName);
    if (!UUID.test(id)) return null;
    const row = await this.#db.selectFrom('data_rows').select(['id', 'data', 'created_at', 'updated_at']).where('table_id', '=', table.id).where('id', '=', id).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  /** Merges `patch` into a row (null clears a field); null when the row does not exist. */
  async updateRow(workspaceId: string, tableName: string, target: { id: string } | { key: string; value: unknown }, patch: unknown): Promise<RowView | null> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw invalid('data: expected an object of column values', [{ path: 'data', message: 'expected an object' }]);
    return this.#transaction(async (tx) => {
      const table = await this.#lockSchema(tx, workspaceId, tableName);
      const id = 'id' in target ? (UUID.test(target.id) ? target.id : null) : await this.#findByKey(tx, table, target.key, target.value);
      if (!id) return null;
      return this.#update(tx, table, id, patch as Record<string, unknown>);
    });
  }

  /** Updates the row whose unique column `key` has `data[key]`, or inserts one. */
  async upsertRow(workspaceId: string, tableName: string, key: string, data: unknown): Promise<RowView & { created: boolean }> {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalid('data: expected an object of column values', [{ path: 'data', message: 'expected an object' }]);
    const values = data as Record<string, unknown>;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#transaction(async (tx) => {
          const table = await this.#lockSchema(tx, workspaceId, tableName);
          const id = await this.#findByKey(tx, table, key, values[key], 'data');
          if (id) {
            const row = await this.#update(tx, table, id, values);
            if (row) return { ...row, created: false };
          }
          return { ...(await this.#insert(tx, workspaceId, table, validateRow(table.columns, values))), created: true };
        });
      } catch (error) {
        // Another writer inserted the same key between our lookup and insert: it is committed now, so the
        // next attempt finds and updates it.
        if (error instanceof UniqueViolation && error.column === key && attempt < 3) continue;
        throw error;
      }
    }
  }

  async deleteRow(workspaceId: string, tableName: string, id: string): Promise<boolean> {
    const table = await this.getTable(workspaceId, tableName);
    if (!table) throw tableNotFound(tableName);
    if (!UUID.test(id)) return false;
    const result = await this.#db.deleteFrom('data_rows').where('table_id', '=', table.id).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes the rows matching a non-empty `where`. */
  async deleteRows(workspaceId: string, tableName: string, where: unknown): Promise<number> {
    return this.#transaction(async (tx) => {
      const table = await this.#lockSchema(tx, workspaceId, tableName);
      const conditions = whereConditions(table.columns, where);
      if (conditions.length === 0) throw invalid('where: give at least one filter to delete rows by (an empty where would delete every row)', [{ path: 'where', message: 'empty' }]);
      const result = await sql`delete from data_rows where table_id = ${table.id} and ${sql.join(conditions, sql` and `)}`.execute(tx);
      return Number(result.numAffectedRows ?? 0);
    });
  }

  async queryRows(workspaceId: string, tableName: string, query: RowQuery): Promise<{ items: RowView[]; nextCursor: string | null }> {
    const table = await this.getTable(workspaceId, tableName);
    if (!table) throw tableNotFound(tableName);
    const limit = Math.min(Math.max(1, Math.floor(query.limit)), MAX_PAGE_ROWS);
    const sort = parseSort(table.columns, query.sort);
    const conditions: RawBuilder<unknown>[] = [sql`table_id = ${table.id}`, ...whereConditions(table.columns, query.where)];
    if (query.cursor) conditions.push(afterCursor(sort, query.cursor));
    const { rows } = await sql<{ id: string; data: Record<string, unknown>; created_at: Date; updated_at: Date }>`
      select id, data, created_at, updated_at from data_rows where ${sql.join(conditions, sql` and `)}
      order by ${orderBy(sort)} limit ${limit + 1}`.execute(this.#db);
    const items = rows.slice(0, limit).map(toRow);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeRowCursor(sort, last) : null };
  }

  // ---- internals ----

  async #lockSchema(tx: Transaction<Database>, workspaceId: string, name: string): Promise<TableInfo> {
    if (tableNameProblem(name)) throw tableNotFound(name);
    const row = await tx.selectFrom('data_tables').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).forShare().executeTakeFirst();
    if (!row) throw tableNotFound(name);
    return toInfo(row);
  }

  async #findByKey(tx: Transaction<Database>, table: TableInfo, key: string, raw: unknown, path = 'key'): Promise<string | null> {
    const column = table.columns.find((c) => c.name === key);
    if (!column || !column.unique) {
      throw invalid(`${path === 'data' ? 'key' : path}: "${key}" is not a unique column of table "${table.name}"; rows are found by key through a column declared unique`, [{ path: 'key', message: 'not a unique column' }]);
    }
    const checked = raw === undefined || raw === null ? { error: 'required (the key column\'s value finds the row)' } : checkValue(column.type, raw);
    if ('error' in checked) throw invalid(`data.${key}: ${checked.error}`, [{ path: `data.${key}`, message: checked.error }]);
    const found = await tx.selectFrom('data_row_keys').select('row_id').where('table_id', '=', table.id).where('column', '=', key).where('value', '=', keyText(column.type, checked.value)).executeTakeFirst();
    return found?.row_id ?? null;
  }

  async #insert(tx: Transaction<Database>, workspaceId: string, table: TableInfo, data: Record<string, unknown>): Promise<RowView> {
    const row = await tx
      .insertInto('data_rows')
      .values({ workspace_id: workspaceId, table_id: table.id, data: toJsonText(data) })
      .returning(['id', 'data', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    await this.#insertKeys(tx, table, row.id, data);
    return toRow(row);
  }

  async #update(tx: Transaction<Database>, table: TableInfo, id: string, patch: Record<string, unknown>): Promise<RowView | null> {
    const current = await tx.selectFrom('data_rows').select('data').where('table_id', '=', table.id).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) return null;
    const data = validateRow(table.columns, { ...current.data, ...patch });
    const row = await tx
      .updateTable('data_rows')
      .set({ data: toJsonText(data), updated_at: sql`date_trunc('milliseconds', now())` })
      .where('id', '=', id)
      .returning(['id', 'data', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    if (table.columns.some((c) => c.unique)) {
      await tx.deleteFrom('data_row_keys').where('row_id', '=', id).execute();
      await this.#insertKeys(tx, table, id, data);
    }
    return toRow(row);
  }

  /** One entry per unique column with a value, in column-name order (a fixed lock order between writers). */
  async #insertKeys(tx: Transaction<Database>, table: TableInfo, rowId: string, data: Record<string, unknown>): Promise<void> {
    const keys = table.columns
      .filter((c) => c.unique && data[c.name] !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((c) => ({ table_id: table.id, column: c.name, value: keyText(c.type, data[c.name]), row_id: rowId }));
    if (keys.length === 0) return;
    const inserted = await tx.insertInto('data_row_keys').values(keys).onConflict((oc) => oc.doNothing()).returning('column').execute();
    if (inserted.length < keys.length) {
      const taken = keys.find((k) => !inserted.some((i) => i.column === k.column))!;
      throw new UniqueViolation(table.name, taken.column, data[taken.column]);
    }
  }

  /**
   * A transaction, retried on deadlock or serialisation failure (both roll back everything). On a store
   * built over a transaction handle, the caller's transaction (its caller retries, or not).
   */
  async #transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    if (this.#db.isTransaction) return inTransaction(this.#db, fn);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute(fn);
      } catch (error) {
        if (attempt < 3 && RETRYABLE.has((error as { code?: string })?.code ?? '')) continue;
        throw error;
      }
    }
  }
}
