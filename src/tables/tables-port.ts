import { StepError } from '../engine/errors.ts';
import type { TableRow, TablesAccess, TablesPort } from '../engine/ports.ts';
import { MAX_PAGE_ROWS } from './columns.ts';
import { TableError } from './table-error.ts';
import type { TableStore } from './table-store.ts';

/** Refusals (validation, unique values, missing tables) fail the step; database errors stay retryable. */
async function asStep<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TableError) throw new StepError(error.code === 'not_found' ? 'table_not_found' : error.code, error.message, { details: error.details });
    throw new StepError('table_unavailable', `the data table could not be reached: ${(error as Error)?.message ?? error}`, { retryable: true, cause: error });
  }
}

/** The `table` step's view of the data tables: every call is bound to one workspace. */
export function createTablesAccess(store: TableStore): TablesAccess {
  return {
    forWorkspace(workspaceId: string): TablesPort {
      return {
        insert: (table, data) => asStep(store.insertRow(workspaceId, table, data)),
        update: (table, target, data) => asStep(store.updateRow(workspaceId, table, target, data)),
        upsert: (table, key, data) => asStep(store.upsertRow(workspaceId, table, key, data)),
        find: (table, query) => asStep(store.queryRows(workspaceId, table, { where: query.where, sort: query.sort, limit: Math.min(query.limit, MAX_PAGE_ROWS) }).then((page): TableRow[] => page.items)),
        get: (table, id) => asStep(store.getRow(workspaceId, table, id)),
        delete: (table, target) => asStep('id' in target ? store.deleteRow(workspaceId, table, target.id).then(Number) : store.deleteRows(workspaceId, table, target.where)),
      };
    },
  };
}
