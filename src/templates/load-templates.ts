import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { verifySecretNames } from '../contracts/webhook-verify.ts';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import { joinPath, type DefinitionIssue } from '../engine/definition/definition-issue.ts';
import { validateDefinition } from '../engine/definition/validate-definition.ts';
import { humanErrorMap, toDefinitionIssues } from '../engine/definition/zod-issues.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import { checkColumnSet, parseColumns, tableNameProblem, type ColumnDef } from '../tables/columns.ts';
import { TableError } from '../tables/table-error.ts';
import { diagramOf, type Diagram } from './diagram.ts';
import { TEMPLATE_CATEGORIES, templateFileSchema, type TemplateFile } from './template-format.ts';

/**
 * `templates/` at the package root: two levels up from this module, both in src/templates/ and in
 * dist/templates/, and shipped with the package (package.json `files`).
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** A data table declared by a template, its columns checked and normalised. */
export interface TemplateTable {
  name: string;
  description?: string;
  columns: ColumnDef[];
}

export interface Template extends Omit<TemplateFile, 'workflow' | 'tables'> {
  /** The data tables the workflow uses; install creates the missing ones. */
  tables: TemplateTable[];
  /** The workflow as written in the file, `{{ vars.X }}` and `{{ secrets.Y }}` left for run time. */
  workflow: WorkflowDefinition;
  diagram: Diagram;
  /** Path relative to the templates directory, e.g. `lead_capture/web-form-lead-to-crm.yaml`. */
  file: string;
}

export interface TemplateProblem {
  file: string;
  path: string;
  message: string;
}

/** A broken template: every problem with its file and path. */
export class TemplateLoadError extends Error {
  readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem[]) {
    super(`invalid workflow templates:\n${problems.map((p) => `  ${p.file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`);
    this.problems = problems;
  }
}

const REFERENCE = /\b(vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** Every `vars.X` / `secrets.Y` used inside `{{ }}` in the value, with the path where it first appears. */
export function referencesIn(value: unknown, path: string, found = { vars: new Map<string, string>(), secrets: new Map<string, string>() }) {
  if (typeof value === 'string') {
    for (const [, expression] of value.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
      for (const [, kind, name] of expression.matchAll(REFERENCE)) {
        const map = found[kind as 'vars' | 'secrets'];
        if (!map.has(name)) map.set(name, path);
      }
    }
  } else if (Array.isArray(value)) value.forEach((item, i) => referencesIn(item, joinPath(path, [i]), found));
  else if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    // A webhook trigger's verify block names secrets outright rather than in an expression.
    if (node.type === 'webhook') for (const name of verifySecretNames(node.verify)) if (!found.secrets.has(name)) found.secrets.set(name, joinPath(path, ['verify']));
    for (const [key, item] of Object.entries(value)) referencesIn(item, joinPath(path, [key]), found);
  }
  return found;
}

/** Every literal `table` of a `table` step (steps inside for-each and branches included), with its path. */
export function tableStepsIn(value: unknown, path: string, found = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((item, i) => tableStepsIn(item, joinPath(path, [i]), found));
  else if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    const w = node.with as Record<string, unknown> | undefined;
    if (node.type === 'table' && typeof node.id === 'string' && w !== null && typeof w === 'object' && typeof w.table === 'string') {
      if (!found.has(w.table)) found.set(w.table, joinPath(path, ['with', 'table']));
    }
    for (const [key, item] of Object.entries(node)) tableStepsIn(item, joinPath(path, [key]), found);
  }
  return found;
}

/** Checks the declared tables with the data tables' own rules; issues carry `tables[i]…` paths. */
export function checkTables(raw: readonly { name: string; description?: string; columns: unknown[] }[], issues: DefinitionIssue[]): TemplateTable[] {
  const tables: TemplateTable[] = [];
  const names = new Set<string>();
  raw.forEach((t, i) => {
    const problem = tableNameProblem(t.name);
    if (problem) issues.push({ path: `tables[${i}].name`, message: problem });
    else if (names.has(t.name)) issues.push({ path: `tables[${i}].name`, message: `"${t.name}" is declared twice` });
    names.add(t.name);
    try {
      const columns = parseColumns(t.columns, `tables[${i}].columns`);
      checkColumnSet(columns);
      tables.push({ name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), columns });
    } catch (error) {
      if (!(error instanceof TableError)) throw error;
      const details = Array.isArray(error.details) ? (error.details as DefinitionIssue[]) : [];
      if (details.length === 0) issues.push({ path: `tables[${i}].columns`, message: error.message });
      for (const d of details) issues.push({ path: d.path === 'columns' ? `tables[${i}].columns` : d.path, message: d.path === 'columns' ? error.message : d.message });
    }
  });
  return tables;
}

/** Validates one parsed template file: metadata, declared inputs against their use, and the workflow itself. */
export function checkTemplate(raw: unknown, registry: StepRegistry, where: { category?: string; id?: string } = {}): { template?: Omit<Template, 'file'>; issues: DefinitionIssue[] } {
  const parsed = templateFileSchema.safeParse(raw, { error: humanErrorMap });
  if (!parsed.success) return { issues: toDefinitionIssues(parsed.error.issues, '') };
  const file = parsed.data;
  const issues: DefinitionIssue[] = [];
  if (where.category !== undefined && file.category !== where.category) {
    issues.push({ path: 'category', message: `is "${file.category}" but the file sits in templates/${where.category}/` });
  }
  if (where.id !== undefined && file.id !== where.id) issues.push({ path: 'id', message: `must match the file name ("${where.id}")` });
  const seen = new Set<string>();
  file.inputs.vars.forEach((v, i) => {
    if (seen.has(v.name)) issues.push({ path: `inputs.vars[${i}].name`, message: `"${v.name}" is declared twice` });
    seen.add(v.name);
    if (v.required && v.default !== undefined) issues.push({ path: `inputs.vars[${i}].default`, message: 'a required var has no default (make it optional or drop the default)' });
  });
  const secretNames = new Set<string>();
  file.inputs.secrets.forEach((s, i) => {
    if (secretNames.has(s.name)) issues.push({ path: `inputs.secrets[${i}].name`, message: `"${s.name}" is declared twice` });
    secretNames.add(s.name);
  });
  if (file.workflow.vars !== undefined) issues.push({ path: 'workflow.vars', message: 'declare vars under inputs.vars (with a default) instead' });
  const used = referencesIn(file.workflow, 'workflow');
  for (const [name, path] of used.vars) if (!seen.has(name)) issues.push({ path, message: `uses vars.${name}, which inputs.vars does not declare` });
  for (const [name, path] of used.secrets) if (!secretNames.has(name)) issues.push({ path, message: `uses secrets.${name}, which inputs.secrets does not declare` });
  file.inputs.vars.forEach((v, i) => {
    if (!used.vars.has(v.name)) issues.push({ path: `inputs.vars[${i}]`, message: `vars.${v.name} is declared but the workflow never uses it` });
  });
  file.inputs.secrets.forEach((s, i) => {
    if (!used.secrets.has(s.name)) issues.push({ path: `inputs.secrets[${i}]`, message: `secrets.${s.name} is declared but the workflow never uses it` });
  });
  const tables = checkTables(file.tables, issues);
  const declaredTables = new Set(file.tables.map((t) => t.name));
  for (const [name, path] of tableStepsIn(file.workflow, 'workflow')) {
    if (!declaredTables.has(name)) issues.push({ path, message: `uses table "${name}", which tables does not declare (declare it with its columns under tables so install creates it)` });
  }
  const sampleVars = Object.fromEntries(file.inputs.vars.map((v) => [v.name, v.default ?? v.example ?? '']));
  const validated = validateDefinition({ ...file.workflow, vars: sampleVars }, registry);
  if (!validated.ok) issues.push(...validated.errors.map((e) => ({ path: e.path ? `workflow.${e.path}` : 'workflow', message: e.message })));
  if (issues.length > 0 || !validated.ok) return { issues };
  const { vars: _vars, ...workflow } = validated.definition;
  const definition = { ...workflow, vars: {} } as WorkflowDefinition;
  return { template: { ...file, tables, workflow: definition, diagram: diagramOf(definition) }, issues };
}

/** Reads and validates every `templates/<category>/<id>.yaml`; any broken template fails the whole load. */
export function loadTemplates(registry: StepRegistry, dir: string = TEMPLATES_DIR): Template[] {
  const templates: Template[] = [];
  const problems: TemplateProblem[] = [];
  const ids = new Map<string, string>();
  for (const category of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!category.isDirectory() || category.name.startsWith('.')) continue;
    const categoryDir = join(dir, category.name);
    if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category.name)) {
      problems.push({ file: `${category.name}/`, path: '', message: `unknown category folder; use one of ${TEMPLATE_CATEGORIES.join(', ')}` });
      continue;
    }
    for (const name of readdirSync(categoryDir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const file = relative(dir, join(categoryDir, name)).split('\\').join('/');
      let raw: unknown;
      try {
        raw = parseYaml(readFileSync(join(categoryDir, name), 'utf8'));
      } catch (error) {
        problems.push({ file, path: '', message: `not valid YAML: ${(error as Error).message}` });
        continue;
      }
      const { template, issues } = checkTemplate(raw, registry, { category: category.name, id: basename(name).replace(/\.ya?ml$/, '') });
      problems.push(...issues.map((issue) => ({ file, ...issue })));
      if (!template) continue;
      const first = ids.get(template.id);
      if (first) problems.push({ file, path: 'id', message: `"${template.id}" is already used by ${first}` });
      ids.set(template.id, file);
      templates.push({ ...template, file });
    }
  }
  if (problems.length > 0) throw new TemplateLoadError(problems);
  return templates.sort((a, b) => a.id.localeCompare(b.id));
}
