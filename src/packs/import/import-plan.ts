import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import type { ColumnDef } from '../../tables/columns.ts';
import { SECRET_STATUS_WORDS } from './import-secrets.ts';

/** What an import does with one declared table. */
export interface TablePlan {
  name: string;
  /** `add_columns`: the table exists and lacks some declared columns, added at once (no data changes). */
  action: 'create' | 'add_columns' | 'unchanged';
  /** create: every column; add_columns: the columns added; unchanged: none. */
  columns: ColumnDef[];
}

/** What an import does with one workflow of the pack. */
export interface WorkflowPlan {
  /** The pack's id for the workflow. */
  id: string;
  name: string;
  /** `update` saves a new version of the matched workflow; `unchanged`: its definition is already the same. */
  action: 'create' | 'update' | 'unchanged';
  /** The workspace's workflow (null when it is to be created). */
  workflowId: string | null;
  /** How the existing workflow was found: an earlier import of this pack, or its name. */
  matchedBy: 'pack' | 'name' | null;
  /** Current version of the matched workflow, and the version it will have. */
  fromVersion: number | null;
  toVersion: number;
  hookPath: string | null;
  /**
   * Set when an update replaces a definition the pack did not write: the workflow was edited since the
   * last import (`importedVersion` is the version that import left), or it is a workflow of the same
   * name that this pack never imported. Earlier versions stay in the workflow's history.
   */
  replaces: { reason: 'edited_since_import'; importedVersion: number } | { reason: 'not_from_this_pack' } | null;
  /** Whether the workflow ends up active (`activate`, or it already was). */
  active: boolean;
}

/** A webhook endpoint the pack exposes, at its full URL in this workspace. */
export interface EndpointPlan {
  workflow: string;
  method: 'GET' | 'POST';
  path: string;
  url: string;
}

/** The plan shown before (or instead of, with a dry run) importing. JSON-safe: the API returns it. */
export interface ImportPlan {
  pack: { id: string; name: string; version: string; checksum: string };
  workspace: { id: string; slug: string };
  variables: Record<string, unknown>;
  tables: TablePlan[];
  workflows: WorkflowPlan[];
  endpoints: EndpointPlan[];
  /** Secrets the workflows read; missing ones make runs fail until created. */
  secrets: SecretPlan[];
}

/** What an import does with one secret the workflows read. Never carries a value. */
export interface SecretPlan {
  name: string;
  /** Whether the workspace had the secret before the import. */
  present: boolean;
  /**
   * No value given: `present` or `missing`. A value given: `create`, `replace` (overwrite_secrets), or
   * `kept` (it exists and overwrite_secrets is off: the existing value stays).
   */
  status: 'present' | 'missing' | 'create' | 'replace' | 'kept';
}

/** The plan with the validated definitions to save (kept out of the JSON plan). */
export interface PreparedImport {
  plan: ImportPlan;
  definitions: Map<string, WorkflowDefinition>;
}

/** One line per table and workflow, e.g. `workflow submit-job: create (POST jobs/submit)`. */
export function describePlan(plan: ImportPlan): string[] {
  const lines = [`pack ${plan.pack.id} ${plan.pack.version} (${plan.pack.name}) into workspace "${plan.workspace.slug}"`];
  for (const t of plan.tables) {
    const what = t.action === 'create' ? `create (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})` : t.action === 'add_columns' ? `add columns ${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')}` : 'unchanged';
    lines.push(`  table ${t.name}: ${what}`);
  }
  for (const w of plan.workflows) {
    const what = w.action === 'create' ? 'create' : w.action === 'update' ? `update v${w.fromVersion} → v${w.toVersion} (matched by ${w.matchedBy})` : `unchanged (v${w.fromVersion}, matched by ${w.matchedBy})`;
    lines.push(`  workflow ${w.id} "${w.name}": ${what}${w.active ? ', active' : ', inactive'}`);
    if (w.replaces?.reason === 'edited_since_import') lines.push(`    replaces changes made since the last import (which left v${w.replaces.importedVersion}); v${w.fromVersion} stays in the workflow's history`);
    if (w.replaces?.reason === 'not_from_this_pack') lines.push(`    replaces a workflow of the same name that this pack did not import; v${w.fromVersion} stays in the workflow's history`);
  }
  for (const e of plan.endpoints) lines.push(`  endpoint ${e.method} ${e.url} → ${e.workflow}`);
  for (const s of plan.secrets.filter((x) => x.status !== 'missing')) lines.push(`  secret ${s.name}: ${SECRET_STATUS_WORDS[s.status]}`);
  const missing = plan.secrets.filter((s) => s.status === 'missing').map((s) => s.name);
  if (missing.length > 0) lines.push(`  secrets missing (runs fail until created: --secret NAME=@file, "secrets" in the API, or PUT /api/v1/secrets/<name>): ${missing.join(', ')}`);
  const values = Object.entries(plan.variables);
  if (values.length > 0) lines.push(`  variables: ${values.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
  return lines;
}
