import { sql, type Kysely } from 'kysely';
import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import { inTransaction } from '../in-transaction.ts';
import { toJsonText } from '../json-text.ts';
import type { Database } from '../schema.ts';
import { hookPathOf, summaryFromRow, type WorkflowSummary, type WorkflowVersion } from './workflow-rows.ts';
import { olderThan } from '../newest-first.ts';

/** Thrown when another live workflow of the workspace already listens on the same hook path. */
export class HookPathTakenError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`another workflow in this workspace already listens on webhook path "${path}"`);
    this.path = path;
  }
}

export interface SavedSource {
  text: string | null;
  format: 'json' | 'yaml' | null;
}

/** Workflows and their immutable versions, always scoped by workspace. Built over a transaction handle, its writes join that transaction. */
export class WorkflowStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(workspaceId: string, definition: WorkflowDefinition, source: SavedSource): Promise<WorkflowSummary> {
    return this.#uniquePath(hookPathOf(definition), () =>
      inTransaction(this.#db, async (tx) => {
        const row = await tx
          .insertInto('workflows')
          .values({ workspace_id: workspaceId, name: definition.name, current_version: 1, trigger_type: definition.trigger.type, hook_path: hookPathOf(definition) })
          .returningAll()
          .executeTakeFirstOrThrow();
        await insertVersion(tx, row.id, workspaceId, 1, definition, source);
        return summaryFromRow(row);
      }),
    );
  }

  /** Saves a new version; an active schedule is re-planned by the caller. */
  async update(workspaceId: string, id: string, definition: WorkflowDefinition, source: SavedSource): Promise<WorkflowSummary | undefined> {
    return this.#uniquePath(hookPathOf(definition), () =>
      inTransaction(this.#db, async (tx) => {
        const row = await tx
          .updateTable('workflows')
          .set({
            current_version: sql`current_version + 1`,
            name: definition.name,
            trigger_type: definition.trigger.type,
            hook_path: hookPathOf(definition),
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .where('workspace_id', '=', workspaceId)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        await insertVersion(tx, id, workspaceId, row.current_version, definition, source);
        return summaryFromRow(row);
      }),
    );
  }

  async get(workspaceId: string, id: string): Promise<WorkflowSummary | undefined> {
    const row = await this.#db
      .selectFrom('workflows')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && summaryFromRow(row);
  }

  /** Newest first; the cursor is the last item's `(created_at, id)`. */
  /** Newest first; `nameContains` keeps the workflows whose name contains it (any case). */
  async list(workspaceId: string, limit: number, after?: { createdAt: Date; id: string }, nameContains?: string): Promise<WorkflowSummary[]> {
    let query = this.#db.selectFrom('workflows').selectAll().where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);
    if (nameContains) query = query.where(sql<boolean>`strpos(lower(name), lower(${nameContains})) > 0`);
    if (after) {
      query = query.where(olderThan(after));
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(summaryFromRow);
  }

  async version(workspaceId: string, id: string, version: number): Promise<WorkflowVersion | undefined> {
    const row = await this.#db
      .selectFrom('workflow_versions')
      .selectAll()
      .where('workflow_id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && versionFromRow(row);
  }

  async versions(workspaceId: string, id: string): Promise<Omit<WorkflowVersion, 'definition' | 'source'>[]> {
    const rows = await this.#db
      .selectFrom('workflow_versions')
      .select(['workflow_id', 'version', 'source_format', 'created_at'])
      .where('workflow_id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({ workflowId: r.workflow_id, version: r.version, sourceFormat: r.source_format, createdAt: r.created_at }));
  }

  /** Soft delete: runs keep their history; the hook path is freed. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('workflows')
      .set({ deleted_at: sql`now()`, active: false, schedule_next_at: null, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setActive(workspaceId: string, id: string, active: boolean, scheduleNextAt: Date | null): Promise<WorkflowSummary | undefined> {
    const row = await this.#db
      .updateTable('workflows')
      .set({ active, schedule_next_at: scheduleNextAt, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row && summaryFromRow(row);
  }

  /** The live workflow listening on a hook path of a workspace (found by slug). */
  async findByHookPath(workspaceSlug: string, path: string) {
    return this.#db
      .selectFrom('workflows as w')
      .innerJoin('workspaces as s', 's.id', 'w.workspace_id')
      .select(['w.id', 'w.workspace_id', 'w.current_version', 'w.active'])
      .where('s.slug', '=', workspaceSlug)
      .where('w.hook_path', '=', path)
      .where('w.deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async #uniquePath<T>(path: string | null, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (path && (error as { code?: string }).code === '23505' && String((error as Error).message).includes('workflows_hook_path')) {
        throw new HookPathTakenError(path);
      }
      throw error;
    }
  }
}

async function insertVersion(
  db: Kysely<Database>,
  workflowId: string,
  workspaceId: string,
  version: number,
  definition: WorkflowDefinition,
  source: SavedSource,
): Promise<void> {
  await db
    .insertInto('workflow_versions')
    .values({ workflow_id: workflowId, workspace_id: workspaceId, version, definition: toJsonText(definition), source: source.text, source_format: source.format })
    .execute();
}

function versionFromRow(row: { workflow_id: string; version: number; definition: unknown; source: string | null; source_format: string | null; created_at: Date }): WorkflowVersion {
  return {
    workflowId: row.workflow_id,
    version: row.version,
    definition: row.definition as WorkflowDefinition,
    source: row.source,
    sourceFormat: row.source_format,
    createdAt: row.created_at,
  };
}
