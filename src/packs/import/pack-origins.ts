import type { Kysely } from 'kysely';
import { toJsonText } from '../../store/json-text.ts';
import type { Database } from '../../store/schema.ts';

/** A live workflow of the workspace, as import planning sees it. */
export interface ExistingWorkflow {
  id: string;
  name: string;
  version: number;
  active: boolean;
  hookPath: string | null;
}

/** Every live (not deleted) workflow of the workspace. */
export async function liveWorkflows(db: Kysely<Database>, workspaceId: string): Promise<ExistingWorkflow[]> {
  const rows = await db
    .selectFrom('workflows')
    .select(['id', 'name', 'current_version', 'active', 'hook_path'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, version: r.current_version, active: r.active, hookPath: r.hook_path }));
}

export interface PackOrigin {
  workflowId: string;
  /** The version the last import of the pack wrote or found unchanged; null when not known. */
  importedVersion: number | null;
}

/** The pack's workflow id → the live workflow an earlier import of that pack created or updated. */
export async function packOrigins(db: Kysely<Database>, workspaceId: string, packId: string): Promise<Map<string, PackOrigin>> {
  const rows = await db
    .selectFrom('pack_workflows as p')
    .innerJoin('workflows as w', 'w.id', 'p.workflow_id')
    .select(['p.pack_workflow_id', 'p.workflow_id', 'p.imported_version'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.pack_id', '=', packId)
    .where('w.deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.pack_workflow_id, { workflowId: r.workflow_id, importedVersion: r.imported_version }]));
}

/** Every pack workflow id each workflow of the workspace was imported as (export names workflows by them). */
export async function packWorkflowIds(db: Kysely<Database>, workspaceId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('pack_workflows')
    .select(['workflow_id', 'pack_workflow_id'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('pack_workflow_id')
    .execute();
  const ids = new Map<string, string[]>();
  for (const r of rows) ids.set(r.workflow_id, [...(ids.get(r.workflow_id) ?? []), r.pack_workflow_id]);
  return ids;
}

export async function recordOrigin(db: Kysely<Database>, o: { workspaceId: string; packId: string; packWorkflowId: string; workflowId: string; version: number }): Promise<void> {
  await db
    .insertInto('pack_workflows')
    .values({ workspace_id: o.workspaceId, pack_id: o.packId, pack_workflow_id: o.packWorkflowId, workflow_id: o.workflowId, imported_version: o.version })
    .onConflict((oc) => oc.columns(['workspace_id', 'pack_id', 'pack_workflow_id']).doUpdateSet({ workflow_id: o.workflowId, imported_version: o.version }))
    .execute();
}

export async function recordImport(
  db: Kysely<Database>,
  o: { workspaceId: string; packId: string; version: string; checksum: string; source: string; variables: Record<string, unknown>; changes: unknown; actor: string },
): Promise<string> {
  const row = await db
    .insertInto('pack_imports')
    .values({
      workspace_id: o.workspaceId,
      pack_id: o.packId,
      pack_version: o.version,
      checksum: o.checksum,
      source: o.source,
      variables: toJsonText(o.variables),
      changes: toJsonText(o.changes),
      actor: o.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
