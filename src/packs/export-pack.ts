import type { Kysely } from 'kysely';
import { stringify } from 'yaml';
import { formatIssues } from '../engine/definition/definition-issue.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import { Refusal } from '../contracts/refusal.ts';
import type { Database } from '../store/schema.ts';
import { WorkflowStore } from '../store/workflows/workflow-store.ts';
import { TableStore, type TableInfo } from '../tables/table-store.ts';
import { referencesIn } from '../templates/load-templates.ts';
import { liveWorkflows, packWorkflowIds } from './import/pack-origins.ts';
import { readPack, withPackChecksum, type Pack } from './load-pack.ts';
import { SEMVER } from './pack-format.ts';

export interface ExportOptions {
  /** Pack id (default: the workspace slug); lower-case letters, digits and "-". */
  id?: string;
  name?: string;
  version?: string;
}

const PACK_ID = /^[a-z][a-z0-9-]{1,62}$/;
const PAGE = 500;

/**
 * A workspace as a pack: every data table (columns, not rows), every live workflow's current definition,
 * an endpoint per method of each webhook trigger, and the workflows' variable values as variables with
 * those defaults. Secrets stay references (`{{ secrets.NAME }}`): no value leaves the workspace. A
 * workflow keeps the id it was imported as (so export → import → export gives the same pack), else an
 * id made from its name. The text carries its checksum and is validated like any pack before it is
 * returned (422 export_invalid when, e.g., a workflow uses a table that no longer exists).
 */
export async function exportPack(db: Kysely<Database>, registry: StepRegistry, workspaceId: string, options: ExportOptions = {}): Promise<{ text: string; pack: Pack }> {
  const workspace = await db.selectFrom('workspaces').select(['slug', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const id = options.id ?? packIdFrom(workspace.slug);
  if (!PACK_ID.test(id)) throw new Refusal(400, 'validation_failed', `pack id (--id, pack_id) "${id}" must be lower-case letters, digits and "-", starting with a letter (2–63 characters)`, [{ path: 'id', message: 'not a pack id' }]);
  const version = options.version ?? '1.0.0';
  if (!SEMVER.test(version)) throw new Refusal(400, 'validation_failed', `pack version (--version, pack_version) "${version}" must be a semantic version like 1.2.0`, [{ path: 'version', message: 'not a semantic version' }]);

  const store = new WorkflowStore(db);
  const origins = await packWorkflowIds(db, workspaceId);
  const used = new Set<string>();
  const variables = new Map<string, unknown>();
  const workflows: { id: string; definition: Record<string, unknown> }[] = [];
  for (const w of await liveWorkflows(db, workspaceId)) {
    const stored = await store.version(workspaceId, w.id, w.version);
    if (!stored) continue;
    const { vars = {}, ...definition } = stored.definition as unknown as Record<string, unknown> & { vars?: Record<string, unknown> };
    let body: Record<string, unknown> = definition;
    for (const name of referencesIn(definition, '').vars.keys()) {
      if (!(name in vars)) continue;
      const exported = variableName(name, vars[name], variables);
      if (exported !== name) body = renameVariable(body, name, exported) as Record<string, unknown>;
      variables.set(exported, vars[name]);
    }
    workflows.push({ id: unique(origins.get(w.id)?.[0] ?? slugOf(w.name), used), definition: body });
  }
  workflows.sort((a, b) => (a.id < b.id ? -1 : 1));

  const tables: TableInfo[] = [];
  const tableStore = new TableStore(db);
  for (let after: string | undefined; ; ) {
    const page = await tableStore.listTables(workspaceId, { limit: PAGE, after });
    tables.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1].name;
  }

  const document = {
    id,
    name: options.name ?? `${workspace.name} export`,
    description: `Data tables, workflows and webhook endpoints of workspace "${workspace.slug}", exported by levqor pack export.`,
    version,
    price: { amount: 0, currency: 'USD' },
    variables: [...variables.keys()].sort().map((name) => ({ name, description: 'Value at export; give another at import to change it', default: variables.get(name) })),
    tables: tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.type, required: c.required, unique: c.unique })) })),
    workflows,
    endpoints: workflows.flatMap((w) => {
      const trigger = w.definition.trigger as { type?: string; path?: string; methods?: string[] } | undefined;
      return trigger?.type === 'webhook' && trigger.path ? (trigger.methods ?? ['POST']).map((method) => ({ workflow: w.id, path: trigger.path, method })) : [];
    }),
  };
  const text = withPackChecksum(`# Exported from workspace "${workspace.slug}" (docs/packs.md, "Export").\n${stringify(document, { lineWidth: 0 })}`);
  const result = readPack(text, registry);
  if (!result.ok) {
    throw new Refusal(422, 'export_invalid', `the workspace does not export as a valid pack: ${formatIssues(result.errors).join('; ')}. Fix those workflows (or tables) and export again`, result.errors);
  }
  return { text, pack: result.pack };
}

function packIdFrom(slug: string): string {
  const id = slugOf(slug);
  return id.length >= 2 ? id : `${id}-pack`;
}

/** A pack id from a free name: lower-case, "-" between words, starting with a letter. */
function slugOf(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return slug.length >= 2 ? slug : `workflow${slug ? `-${slug}` : ''}`;
}

function unique(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id.slice(0, 58)}-${n}`;
  used.add(candidate);
  return candidate;
}

/** The name a workflow's variable is exported as: its own, or `name_2`… when another workflow gave it another value. */
function variableName(name: string, value: unknown, exported: Map<string, unknown>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}_${n}`;
    if (!exported.has(candidate) || JSON.stringify(exported.get(candidate)) === JSON.stringify(value)) return candidate;
  }
}

function renameVariable(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') {
    const pattern = new RegExp(`\\bvars\\.${from}\\b`, 'g');
    return value.replace(/\{\{[\s\S]*?\}\}/g, (expression) => expression.replace(pattern, `vars.${to}`));
  }
  if (Array.isArray(value)) return value.map((item) => renameVariable(item, from, to));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameVariable(v, from, to)]));
  return value;
}
