import { Refusal } from '../contracts/refusal.ts';
import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import type { DefinitionIssue } from '../engine/definition/definition-issue.ts';
import { validateDefinition } from '../engine/definition/validate-definition.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import type { Database } from '../store/schema.ts';
import { columnDifferences } from '../tables/column-differences.ts';
import { TableError } from '../tables/table-error.ts';
import type { TableInfo, TableStore } from '../tables/table-store.ts';
import type { WorkflowSummary } from '../store/workflows/workflow-rows.ts';
import { HookPathTakenError, type WorkflowStore } from '../store/workflows/workflow-store.ts';
import type { Template, TemplateTable } from './load-templates.ts';
import { resolveVariableValues } from './variable-values.ts';

interface TemplateInstallsTable {
  template_id: string;
  workspace_id: string;
  workflow_id: string;
}

/** A refused install, answered in the API error shape. */
export class TemplateInstallError extends Refusal {}

export interface InstallRequest {
  /** Values for the template's declared vars. */
  vars?: Record<string, unknown>;
  /** Maps a declared secret to another secret name of the workspace (default: the same name). */
  secrets?: Record<string, string>;
  /** Webhook/form path to use instead of the template's (refused when taken). */
  path?: string;
  /** Workflow name instead of the template's. */
  name?: string;
}

/** What install did with the template's declared tables. */
export interface TablesPlan {
  /** Declared tables the workspace does not have yet. */
  create: TemplateTable[];
  /** Names of declared tables the workspace already has, with compatible columns. */
  reuse: string[];
}

/** A declared column the existing table lacks or holds with another type. */
interface ColumnMismatch {
  column: string;
  expected: string;
  found: string | null;
}

function mismatches(declared: TemplateTable, existing: TableInfo): ColumnMismatch[] {
  return columnDifferences(declared.columns, existing.columns).map((d) => ({ column: d.column.name, expected: d.column.type, found: d.found }));
}

function conflictError(template: Template, conflicts: { table: string; columns: ColumnMismatch[] }[]): TemplateInstallError {
  const text = conflicts
    .map((c) => `table "${c.table}" (${c.columns.map((m) => (m.found === null ? `missing column "${m.column}" (${m.expected})` : `column "${m.column}" is ${m.found}, expected ${m.expected}`)).join('; ')})`)
    .join(', ');
  return new TemplateInstallError(
    409,
    'table_conflict',
    `template "${template.id}" needs data tables the workspace already has with other columns: ${text}. Add or retype those columns (PATCH /api/v1/tables/:name), or rename the existing table; nothing was installed`,
    conflicts,
  );
}

/** Most renames tried for a taken webhook path (`path-2`, `path-3`, …). */
const MAX_PATH_TRIES = 50;

/** Installs templates as inactive workflows and counts installations. */
export class TemplateInstaller {
  readonly #db: Kysely<Database & { template_installs: TemplateInstallsTable }>;
  readonly #workflows: WorkflowStore;
  readonly #registry: StepRegistry;
  readonly #secretNames: (workspaceId: string) => Promise<Set<string>>;
  readonly #tables: TableStore;

  constructor(o: { db: Kysely<Database>; workflows: WorkflowStore; registry: StepRegistry; tables: TableStore; secretNames: (workspaceId: string) => Promise<Set<string>> }) {
    this.#db = o.db.withTables<{ template_installs: TemplateInstallsTable }>();
    this.#tables = o.tables;
    this.#workflows = o.workflows;
    this.#registry = o.registry;
    this.#secretNames = o.secretNames;
  }

  /** Install counts by template id (templates never installed are absent). */
  async counts(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('template_installs')
      .select(['template_id', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('template_id')
      .execute();
    return new Map(rows.map((r) => [r.template_id, Number(r.n)]));
  }

  /** Builds the workflow from the request, or throws a TemplateInstallError listing every problem. */
  async prepare(workspaceId: string, template: Template, request: InstallRequest): Promise<WorkflowDefinition> {
    const { values: vars, unknown, missing: missingVars } = resolveVariableValues(template.inputs.vars, request.vars ?? {});
    const declaredNames = template.inputs.vars.map((v) => v.name).join(', ') || 'no vars';
    const issues: DefinitionIssue[] = [
      ...unknown.map((name) => ({ path: `vars.${name}`, message: `unknown var: template "${template.id}" declares ${declaredNames}` })),
      ...missingVars.map((v) => ({ path: `vars.${v.name}`, message: `required: ${v.description}` })),
    ];
    const mapping = request.secrets ?? {};
    const declaredSecrets = new Set(template.inputs.secrets.map((s) => s.name));
    for (const name of Object.keys(mapping)) {
      if (!declaredSecrets.has(name)) issues.push({ path: `secrets.${name}`, message: `unknown secret: template "${template.id}" uses ${[...declaredSecrets].join(', ') || 'no secrets'}` });
    }
    if (issues.length > 0) {
      throw new TemplateInstallError(422, 'validation_failed', `cannot install "${template.id}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const existing = await this.#secretNames(workspaceId);
    const missing = template.inputs.secrets
      .map((s) => ({ name: mapping[s.name] ?? s.name, description: s.description }))
      .filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      throw new TemplateInstallError(
        422,
        'missing_secrets',
        `the workspace has no secret ${missing.map((s) => s.name).join(', ')}; create ${missing.length === 1 ? 'it' : 'each'} first with ${missing.map((s) => `PUT /api/v1/secrets/${s.name}`).join(', ')} and { "value": "…" }`,
        missing,
      );
    }
    let workflow: unknown = structuredClone(template.workflow);
    if (Object.keys(mapping).length > 0) workflow = renameSecrets(workflow, mapping);
    const definition = { ...(workflow as WorkflowDefinition), vars, ...(request.name ? { name: request.name } : {}) };
    if (request.path !== undefined) {
      if (definition.trigger.type !== 'webhook' && definition.trigger.type !== 'form') {
        throw new TemplateInstallError(422, 'validation_failed', `path: template "${template.id}" has a ${definition.trigger.type} trigger, which has no path`, [{ path: 'path', message: 'not allowed for this trigger' }]);
      }
      definition.trigger = { ...definition.trigger, path: request.path };
    }
    const validated = validateDefinition(definition, this.#registry);
    if (!validated.ok) {
      throw new TemplateInstallError(422, 'validation_failed', `the installed workflow would not be valid: ${validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, validated.errors);
    }
    return validated.definition;
  }

  /**
   * Checks every declared table before anything is written: missing ones are to be created, existing
   * ones must have each declared column with the same type (extra columns are fine), else 409
   * `table_conflict` naming every mismatching table and column.
   */
  async planTables(workspaceId: string, template: Template): Promise<TablesPlan> {
    const plan: TablesPlan = { create: [], reuse: [] };
    const conflicts: { table: string; columns: ColumnMismatch[] }[] = [];
    for (const declared of template.tables) {
      const existing = await this.#tables.getTable(workspaceId, declared.name);
      if (!existing) {
        plan.create.push(declared);
        continue;
      }
      const wrong = mismatches(declared, existing);
      if (wrong.length > 0) conflicts.push({ table: declared.name, columns: wrong });
      else plan.reuse.push(declared.name);
    }
    if (conflicts.length > 0) throw conflictError(template, conflicts);
    return plan;
  }

  /**
   * Creates the planned tables, then saves the workflow (inactive) and records the installation. When
   * saving fails, the tables created here are dropped again (they are new and empty), so a refused
   * install leaves nothing behind. A table created concurrently in between is reused when compatible.
   */
  async install(workspaceId: string, template: Template, definition: WorkflowDefinition, pathChosen: boolean, plan: TablesPlan = { create: [], reuse: [] }): Promise<{ workflow: WorkflowSummary; created: TableInfo[]; reused: string[] }> {
    const created: TableInfo[] = [];
    const reused = [...plan.reuse];
    try {
      for (const table of plan.create) {
        try {
          created.push(await this.#tables.createTable(workspaceId, table.name, table.columns));
        } catch (error) {
          if (!(error instanceof TableError) || error.code !== 'table_exists') throw error;
          const existing = await this.#tables.getTable(workspaceId, table.name);
          const wrong = existing ? mismatches(table, existing) : [];
          if (!existing || wrong.length > 0) throw conflictError(template, [{ table: table.name, columns: wrong }]);
          reused.push(table.name);
        }
      }
      const workflow = await this.#saveWorkflow(workspaceId, template, definition, pathChosen);
      return { workflow, created, reused };
    } catch (error) {
      for (const table of created) await this.#tables.deleteTable(workspaceId, table.name).catch(() => false);
      throw error;
    }
  }

  /**
   * Saves the workflow (inactive) and records the installation. A taken webhook path is renamed
   * (`path-2`, …) unless the caller chose it, which answers 409.
   */
  async #saveWorkflow(workspaceId: string, template: Template, definition: WorkflowDefinition, pathChosen: boolean): Promise<WorkflowSummary> {
    const trigger = definition.trigger;
    const base = trigger.type === 'webhook' || trigger.type === 'form' ? trigger.path : undefined;
    for (let attempt = 1; ; attempt++) {
      const candidate = base === undefined || attempt === 1 ? definition : { ...definition, trigger: { ...trigger, path: `${base}-${attempt}` } as WorkflowDefinition['trigger'] };
      try {
        const saved = await this.#workflows.create(workspaceId, candidate, { text: null, format: 'json' });
        await this.#db.insertInto('template_installs').values({ template_id: template.id, workspace_id: workspaceId, workflow_id: saved.id }).execute();
        return saved;
      } catch (error) {
        if (!(error instanceof HookPathTakenError)) throw error;
        if (pathChosen) throw new TemplateInstallError(409, 'hook_path_taken', `${error.message}; choose another path`);
        if (attempt >= MAX_PATH_TRIES) throw new TemplateInstallError(409, 'hook_path_taken', `${error.message}; pass "path" to choose one`);
      }
    }
  }
}

function renameSecrets(value: unknown, mapping: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{[\s\S]*?\}\}/g, (expression) => expression.replace(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => (mapping[name] ? `secrets.${mapping[name]}` : whole)));
  }
  if (Array.isArray(value)) return value.map((item) => renameSecrets(item, mapping));
  if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (node.type === 'webhook' && node.verify !== null && typeof node.verify === 'object') return { ...node, verify: renameVerifySecrets(node.verify as Record<string, Record<string, unknown>>, mapping) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameSecrets(v, mapping)]));
  }
  return value;
}

/** A verify block names its secrets outright (src/contracts/webhook-verify.ts). */
function renameVerifySecrets(verify: Record<string, Record<string, unknown>>, mapping: Record<string, string>) {
  const renamed = (part: string, field: string) => {
    const name = verify[part]?.[field];
    return typeof name === 'string' && mapping[name] ? { [part]: { ...verify[part], [field]: mapping[name] } } : {};
  };
  return { ...verify, ...renamed('header', 'secret'), ...renamed('hmac', 'secret'), ...renamed('basic', 'password') };
}
