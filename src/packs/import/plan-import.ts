import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import type { DefinitionIssue } from '../../engine/definition/definition-issue.ts';
import { validateDefinition } from '../../engine/definition/validate-definition.ts';
import type { StepRegistry } from '../../engine/step-registry.ts';
import { Refusal } from '../../contracts/refusal.ts';
import type { Database } from '../../store/schema.ts';
import { hookPathOf } from '../../store/workflows/workflow-rows.ts';
import { WorkflowStore } from '../../store/workflows/workflow-store.ts';
import { columnDifferences } from '../../tables/column-differences.ts';
import { TableStore } from '../../tables/table-store.ts';
import { referencesIn } from '../../templates/load-templates.ts';
import type { PlanLimits } from '../../metering/plan-limits.ts';
import type { Pack } from '../load-pack.ts';
import type { ImportPlan, PreparedImport, TablePlan, WorkflowPlan } from './import-plan.ts';
import { packSecretNames, planSecrets } from './import-secrets.ts';
import { liveWorkflows, packOrigins, type ExistingWorkflow, type PackOrigin } from './pack-origins.ts';

export interface PlanInput {
  workspace: { id: string; slug: string };
  pack: Pack;
  /** `sha256:…` of the pack text (declared or computed). */
  checksum: string;
  /** Resolved values (importVariables). */
  variables: Record<string, unknown>;
  activate: boolean;
  /** Base of the endpoint URLs, e.g. https://levqor.example.com. */
  publicUrl: string;
  /** Names of the secrets given values with the import (checked by checkImportSecrets). */
  secretsGiven?: readonly string[];
  /** Given secrets replace existing ones (otherwise those are kept). */
  overwriteSecrets?: boolean;
  /** The plan's active-workflow limit, checked for the workflows the import would activate (dry run too). */
  limits?: PlanLimits;
}

/** A reason the import cannot go ahead; all of them are reported together. */
interface Conflict {
  path: string;
  message: string;
}

/**
 * Computes what importing the pack would do, reading only. Identity of workflows: a pack workflow is
 * the workspace workflow an earlier import of the same pack (pack id + the pack's workflow id, table
 * `pack_workflows`) created or updated; failing that, the one live workflow with the same name (two of
 * that name is a conflict); failing that, a new workflow. A matched workflow gets a new version only
 * when its definition differs. Conflicts (a table column of another type, a required column added to
 * a table with rows, a webhook path used by another workflow) refuse the import with 409, all listed.
 */
export async function planImport(db: Kysely<Database>, registry: StepRegistry, input: PlanInput): Promise<PreparedImport> {
  const { pack, workspace } = input;
  const conflicts: Conflict[] = [];
  const tables = await planTables(new TableStore(db), workspace.id, pack, conflicts);

  const issues: DefinitionIssue[] = [];
  const definitions = new Map<string, WorkflowDefinition>();
  const store = new WorkflowStore(db);
  const live = await liveWorkflows(db, workspace.id);
  const byId = new Map(live.map((w) => [w.id, w]));
  const origins = await packOrigins(db, workspace.id, pack.id);
  const claimed = new Set<string>();
  const workflows: WorkflowPlan[] = [];
  let activating = 0;

  for (const [i, w] of pack.workflows.entries()) {
    const definition = withVariables(w.definition, input.variables);
    const validated = validateDefinition(definition, registry);
    if (!validated.ok) {
      issues.push(...validated.errors.map((e) => ({ path: `workflows[${i}].definition${e.path ? `.${e.path}` : ''}`, message: `${e.message} (with the variables given)` })));
      continue;
    }
    definitions.set(w.id, validated.definition);
    const { target, matchedBy } = findTarget(w.id, validated.definition.name, origins, byId, live, claimed, `workflows[${i}]`, conflicts);
    if (target) claimed.add(target.id);
    const hookPath = hookPathOf(validated.definition);
    const holder = hookPath === null ? undefined : live.find((other) => other.hookPath === hookPath && other.id !== target?.id && !claimed.has(other.id));
    if (holder) {
      conflicts.push({
        path: `workflows[${i}].definition.trigger.path`,
        message: `webhook path "${hookPath}" is used by workflow "${holder.name}" (${holder.id}) of this workspace; change that workflow's trigger.path or delete it, then import again`,
      });
    }
    let action: WorkflowPlan['action'] = 'create';
    if (target) {
      const current = await store.version(workspace.id, target.id, target.version);
      action = current && isDeepStrictEqual(JSON.parse(JSON.stringify(current.definition)), JSON.parse(JSON.stringify(validated.definition))) ? 'unchanged' : 'update';
    }
    const origin = origins.get(w.id);
    const replaces: WorkflowPlan['replaces'] = action !== 'update' || !target ? null
      : matchedBy === 'name' ? { reason: 'not_from_this_pack' }
      : origin?.importedVersion != null && origin.importedVersion !== target.version ? { reason: 'edited_since_import', importedVersion: origin.importedVersion }
      : null;
    if (input.activate && !(target?.active ?? false)) activating++;
    workflows.push({
      id: w.id,
      name: validated.definition.name,
      action,
      replaces,
      workflowId: target?.id ?? null,
      matchedBy,
      fromVersion: target?.version ?? null,
      toVersion: target ? target.version + (action === 'update' ? 1 : 0) : 1,
      hookPath,
      active: input.activate || (target?.active ?? false),
    });
  }
  if (issues.length > 0) {
    throw new Refusal(422, 'validation_failed', `pack "${pack.id}" does not validate with the variables given: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  if (conflicts.length > 0) {
    throw new Refusal(409, 'import_conflict', `pack "${pack.id}" cannot be imported into workspace "${workspace.slug}"; nothing was changed: ${conflicts.map((c) => `${c.path}: ${c.message}`).join('; ')}`, conflicts);
  }

  // Inside the import's transaction this locks the workspace row until the import commits.
  await input.limits?.assertRoom(db, workspace.id, 'activeWorkflows', activating).catch((error: unknown) => {
    if (!(error instanceof Refusal)) throw error;
    throw new Refusal(error.status, error.code, `pack "${pack.id}" would activate ${activating} workflow(s) in workspace "${workspace.slug}"; nothing was changed: ${error.message} (or import without activate)`, error.details);
  });

  const secretNames = new Set((await db.selectFrom('secrets').select('name').where('workspace_id', '=', workspace.id).execute()).map((s) => s.name));
  const base = input.publicUrl.replace(/\/+$/, '');
  const plan: ImportPlan = {
    pack: { id: pack.id, name: pack.name, version: pack.version, checksum: input.checksum },
    workspace,
    variables: input.variables,
    tables,
    workflows,
    endpoints: pack.endpoints.map((e) => ({ workflow: e.workflow, method: e.method, path: e.path, url: `${base}/hooks/${workspace.slug}/${e.path}` })),
    secrets: planSecrets(packSecretNames(pack), secretNames, new Set(input.secretsGiven ?? []), input.overwriteSecrets ?? false),
  };
  return { plan, definitions };
}

/** The pack's definition with the values of the variables it reads (only those) as its `vars`. */
function withVariables(definition: WorkflowDefinition, values: Record<string, unknown>): WorkflowDefinition {
  const read = referencesIn(definition, '').vars;
  return { ...structuredClone(definition), vars: Object.fromEntries([...read.keys()].filter((name) => name in values).map((name) => [name, values[name]])) };
}

function findTarget(
  packWorkflowId: string,
  name: string,
  origins: Map<string, PackOrigin>,
  byId: Map<string, ExistingWorkflow>,
  live: ExistingWorkflow[],
  claimed: Set<string>,
  path: string,
  conflicts: Conflict[],
): { target: ExistingWorkflow | undefined; matchedBy: WorkflowPlan['matchedBy'] } {
  const origin = origins.get(packWorkflowId)?.workflowId;
  const fromPack = origin === undefined ? undefined : byId.get(origin);
  if (fromPack && !claimed.has(fromPack.id)) return { target: fromPack, matchedBy: 'pack' };
  const named = live.filter((w) => w.name === name && !claimed.has(w.id) && ![...origins.values()].some((o) => o.workflowId === w.id));
  if (named.length > 1) {
    conflicts.push({ path: `${path}.definition.name`, message: `${named.length} workflows of this workspace are named "${name}" (${named.map((w) => w.id).join(', ')}), so the import cannot tell which one to update; rename or delete all but one, then import again` });
    return { target: undefined, matchedBy: null };
  }
  return named.length === 1 ? { target: named[0], matchedBy: 'name' } : { target: undefined, matchedBy: null };
}

async function planTables(tables: TableStore, workspaceId: string, pack: Pack, conflicts: Conflict[]): Promise<TablePlan[]> {
  const plans: TablePlan[] = [];
  for (const [i, declared] of pack.tables.entries()) {
    const existing = await tables.getTable(workspaceId, declared.name);
    if (!existing) {
      plans.push({ name: declared.name, action: 'create', columns: declared.columns });
      continue;
    }
    const differences = columnDifferences(declared.columns, existing.columns);
    for (const d of differences.filter((x) => x.found !== null)) {
      conflicts.push({
        path: `tables[${i}].columns.${d.column.name}`,
        message: `table "${declared.name}" of this workspace has column "${d.column.name}" as ${d.found}, the pack declares ${d.column.type}; an import never retypes a column (that converts stored values). Retype it yourself (PATCH /api/v1/tables/${declared.name} with changeColumns and "confirm": "${declared.name}") or rename the existing table, then import again`,
      });
    }
    const added = differences.filter((d) => d.found === null).map((d) => d.column);
    const requiredAdded = added.filter((c) => c.required);
    if (requiredAdded.length > 0 && (await tables.rowCount(existing.id)) > 0) {
      for (const c of requiredAdded) {
        conflicts.push({
          path: `tables[${i}].columns.${c.name}`,
          message: `table "${declared.name}" has rows and no column "${c.name}", which the pack declares required; add it yourself as optional (PATCH /api/v1/tables/${declared.name} with addColumns), fill in every row, make it required, then import again`,
        });
      }
    }
    plans.push({ name: declared.name, action: added.length > 0 ? 'add_columns' : 'unchanged', columns: added });
  }
  return plans;
}
