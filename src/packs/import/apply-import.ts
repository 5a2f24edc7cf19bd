import type { Transaction } from 'kysely';
import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import { validateDefinition } from '../../engine/definition/validate-definition.ts';
import type { StepRegistry } from '../../engine/step-registry.ts';
import { nextSlot } from '../../queue/schedule-slots.ts';
import { SecretValidationError, type SecretStore } from '../../secrets/secret-store.ts';
import { Refusal } from '../../contracts/refusal.ts';
import type { Database } from '../../store/schema.ts';
import { WorkflowStore } from '../../store/workflows/workflow-store.ts';
import { TableStore } from '../../tables/table-store.ts';
import type { PreparedImport } from './import-plan.ts';
import { recordOrigin } from './pack-origins.ts';

/** One applied item, reported as it is done (the CLI prints `[3/7] workflow order-pipeline … created`). */
export interface ImportProgress {
  index: number;
  total: number;
  kind: 'table' | 'workflow' | 'secret';
  name: string;
  /** e.g. `created`, `columns added (a, b)`, `updated (v3)`, `unchanged (v2), activated`, `replaced`. */
  outcome: string;
}

/** The result of re-validating one stored workflow after the writes. */
export interface WorkflowCheck {
  id: string;
  workflowId: string;
  version: number;
  valid: boolean;
  errors: string[];
}

const SOURCE = { text: null, format: 'json' as const };

/** Secret values given with an import, and the store that encrypts them (bound to the import's transaction here). */
export interface ImportSecrets {
  store: SecretStore;
  values: Record<string, string>;
}

/**
 * Applies a plan inside the caller's transaction: tables first (the workflows use them), then the
 * workflows in pack order, then the secrets given (created, or replaced when the plan says so), then
 * every stored definition is read back and validated. Anything thrown —
 * by a store, by the re-validation or by `onProgress` — leaves the transaction to roll back, so an
 * import is all or nothing.
 */
export async function applyImport(
  tx: Transaction<Database>,
  registry: StepRegistry,
  prepared: PreparedImport,
  onProgress: (progress: ImportProgress) => void | Promise<void>,
  secrets?: ImportSecrets,
): Promise<{ workflowIds: Map<string, string>; checks: WorkflowCheck[]; secretsSet: string[] }> {
  const { plan, definitions } = prepared;
  const workspaceId = plan.workspace.id;
  const tables = new TableStore(tx);
  const workflows = new WorkflowStore(tx);
  const givenSecrets = plan.secrets.filter((s) => secrets && s.name in secrets.values);
  const total = plan.tables.length + plan.workflows.length + givenSecrets.length;
  let index = 0;

  for (const table of plan.tables) {
    let outcome = 'unchanged';
    if (table.action === 'create') {
      await tables.createTable(workspaceId, table.name, table.columns);
      outcome = 'created';
    } else if (table.action === 'add_columns') {
      await tables.alterTable(workspaceId, table.name, { addColumns: table.columns });
      outcome = `columns added (${table.columns.map((c) => c.name).join(', ')})`;
    }
    await onProgress({ index: ++index, total, kind: 'table', name: table.name, outcome });
  }

  const workflowIds = new Map<string, string>();
  for (const w of plan.workflows) {
    const definition = definitions.get(w.id)!;
    let id = w.workflowId;
    let outcome: string;
    let version = w.fromVersion ?? 1;
    if (w.action === 'create') {
      id = (await workflows.create(workspaceId, definition, SOURCE)).id;
      version = 1;
      outcome = 'created (v1)';
    } else if (w.action === 'update') {
      const saved = await workflows.update(workspaceId, id!, definition, SOURCE);
      if (!saved) throw new Error(`workflow ${id} was deleted while "${w.id}" was being imported; import again`);
      version = saved.version;
      outcome = `updated (v${saved.version})`;
    } else {
      outcome = `unchanged (v${w.fromVersion})`;
    }
    await recordOrigin(tx, { workspaceId, packId: plan.pack.id, packWorkflowId: w.id, workflowId: id!, version });
    // Saving a version of an active schedule re-plans its next slot, as the workflows API does.
    if (w.active && w.action !== 'unchanged') await workflows.setActive(workspaceId, id!, true, scheduleStart(definition));
    else if (w.active) {
      const current = await workflows.get(workspaceId, id!);
      if (current && !current.active) await workflows.setActive(workspaceId, id!, true, scheduleStart(definition));
    }
    if (w.active) outcome += ', active';
    workflowIds.set(w.id, id!);
    await onProgress({ index: ++index, total, kind: 'workflow', name: w.id, outcome });
  }

  const secretsSet: string[] = [];
  const secretStore = secrets?.store.within(tx);
  for (const s of givenSecrets) {
    let outcome = 'kept (it exists; overwrite not asked)';
    if (s.status === 'create' || s.status === 'replace') {
      try {
        await secretStore!.put(workspaceId, s.name, secrets!.values[s.name]);
      } catch (error) {
        if (error instanceof SecretValidationError) throw new Refusal(422, 'validation_failed', `secrets.${s.name}: ${error.message}`, [{ path: `secrets.${s.name}`, message: error.message }]);
        throw error;
      }
      secretsSet.push(s.name);
      outcome = s.status === 'create' ? 'created' : 'replaced';
    }
    await onProgress({ index: ++index, total, kind: 'secret', name: s.name, outcome });
  }

  const checks: WorkflowCheck[] = [];
  for (const w of plan.workflows) {
    const id = workflowIds.get(w.id)!;
    const current = await workflows.get(workspaceId, id);
    const stored = current && (await workflows.version(workspaceId, id, current.version));
    const result = stored ? validateDefinition(stored.definition, registry) : undefined;
    const errors = !stored ? ['the stored workflow was not found'] : result && !result.ok ? result.errors.map((e) => `${e.path}: ${e.message}`) : [];
    checks.push({ id: w.id, workflowId: id, version: current?.version ?? 0, valid: errors.length === 0, errors });
  }
  const invalid = checks.filter((c) => !c.valid);
  if (invalid.length > 0) {
    throw new Error(`the stored definitions of ${invalid.map((c) => c.id).join(', ')} do not validate (${invalid.flatMap((c) => c.errors).join('; ')}); nothing was imported`);
  }
  return { workflowIds, checks, secretsSet };
}

/** First slot of a schedule being activated; other triggers have none. */
function scheduleStart(definition: WorkflowDefinition): Date | null {
  return definition.trigger.type === 'schedule' ? nextSlot(definition.trigger.cron, definition.trigger.timezone, new Date()) : null;
}
