import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import { isRecord, type DefinitionIssue } from '../engine/definition/definition-issue.ts';
import { parseDefinitionText } from '../engine/definition/parse-definition.ts';
import { validateDefinition } from '../engine/definition/validate-definition.ts';
import { humanErrorMap, toDefinitionIssues } from '../engine/definition/zod-issues.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import { checkTables, referencesIn, tableStepsIn, type TemplateTable } from '../templates/load-templates.ts';
import { packFileSchema, type PackEndpoint, type PackFile, type PackVariable } from './pack-format.ts';
import { SIGNATURE_LINE } from './pack-signature.ts';

/** `packs/` at the package root (two levels up from src/packs/ and dist/packs/), shipped with the package. */
export const PACKS_DIR = fileURLToPath(new URL('../../packs/', import.meta.url));

export interface PackWorkflow {
  id: string;
  /** As written in the pack, `{{ vars.X }}` left for run time. */
  definition: WorkflowDefinition;
}

export interface Pack extends Omit<PackFile, 'tables' | 'workflows'> {
  tables: TemplateTable[];
  workflows: PackWorkflow[];
}

export type PackResult = { ok: true; pack: Pack } | { ok: false; errors: DefinitionIssue[] };

const CHECKSUM_LINE = /^checksum:[^\n]*(?:\n|$)/gm;

/**
 * The text the checksum and the publisher signature cover: the pack text with a leading BOM dropped,
 * line endings made `\n`, the top-level `checksum:` and `signature:` lines removed and trailing white
 * space at the end reduced to one newline.
 */
export function canonicalPackText(text: string): string {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return `${source.replace(/\r\n?/g, '\n').replace(CHECKSUM_LINE, '').replace(SIGNATURE_LINE, '').trimEnd()}\n`;
}

/** `sha256:<hex>` of the canonical pack text (canonicalPackText), so a pack can carry its own checksum. */
export function computePackChecksum(text: string): string {
  return `sha256:${createHash('sha256').update(canonicalPackText(text), 'utf8').digest('hex')}`;
}

/** The pack text with its `checksum:` line set to the right value (appended when there is none). */
export function withPackChecksum(text: string): string {
  const checksum = `checksum: ${computePackChecksum(text)}`;
  const source = text.replace(/\r\n?/g, '\n');
  if (/^checksum:/m.test(source)) return source.replace(/^checksum:[^\n]*/m, checksum);
  return `${source.trimEnd()}\n${checksum}\n`;
}

/** Each section parsed on its own, so one broken section does not hide the problems of the others. */
function section<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function checkVariables(variables: readonly PackVariable[], issues: DefinitionIssue[]): Set<string> {
  const names = new Set<string>();
  variables.forEach((v, i) => {
    if (names.has(v.name)) issues.push({ path: `variables[${i}].name`, message: `"${v.name}" is declared twice` });
    names.add(v.name);
    if (v.required && v.default !== undefined) issues.push({ path: `variables[${i}].default`, message: 'a required variable has no default (make it optional or drop the default)' });
  });
  return names;
}

function checkEndpoints(endpoints: readonly PackEndpoint[], workflows: ReadonlyMap<string, unknown>, issues: DefinitionIssue[]) {
  const seen = new Set<string>();
  endpoints.forEach((e, i) => {
    const key = `${e.method} ${e.path}`;
    if (seen.has(key)) issues.push({ path: `endpoints[${i}]`, message: `${key} is declared twice` });
    seen.add(key);
    if (!workflows.has(e.workflow)) {
      issues.push({ path: `endpoints[${i}].workflow`, message: `unknown workflow "${e.workflow}"; the pack declares ${[...workflows.keys()].map((id) => `"${id}"`).join(', ') || 'none'}` });
      return;
    }
    const definition = workflows.get(e.workflow);
    const trigger = isRecord(definition) && isRecord(definition.trigger) ? definition.trigger : undefined;
    if (trigger?.type !== 'webhook') {
      issues.push({ path: `endpoints[${i}].workflow`, message: `workflow "${e.workflow}" is not started by a webhook (its trigger is ${String(trigger?.type ?? 'missing')})` });
      return;
    }
    if (trigger.path !== e.path) issues.push({ path: `endpoints[${i}].path`, message: `workflow "${e.workflow}" listens on "${String(trigger.path)}", not "${e.path}"` });
    const methods = Array.isArray(trigger.methods) ? trigger.methods : ['POST'];
    if (!methods.includes(e.method)) issues.push({ path: `endpoints[${i}].method`, message: `workflow "${e.workflow}" accepts ${methods.join(', ')}, not ${e.method}` });
  });
}

/** Validates a parsed pack: metadata, variables, tables, every workflow and the endpoints; every problem at its path. */
export function checkPack(raw: unknown, registry: StepRegistry): PackResult {
  const parsed = packFileSchema.safeParse(raw, { error: humanErrorMap });
  if (!isRecord(raw)) return { ok: false, errors: parsed.success ? [{ path: '', message: 'a pack is a YAML mapping' }] : toDefinitionIssues(parsed.error.issues, '') };
  const issues: DefinitionIssue[] = parsed.success ? [] : toDefinitionIssues(parsed.error.issues, '');

  const variables = section(packFileSchema.shape.variables, raw.variables) ?? [];
  const declared = checkVariables(variables, issues);
  const tables = checkTables(section(packFileSchema.shape.tables, raw.tables) ?? [], issues);
  const declaredTables = new Set((section(packFileSchema.shape.tables, raw.tables) ?? []).map((t) => t.name));
  const sampleVars = Object.fromEntries(variables.map((v) => [v.name, v.default ?? '']));

  const workflows = new Map<string, unknown>();
  const valid: PackWorkflow[] = [];
  const usedVars = new Set<string>();
  const hookPaths = new Map<string, string>();
  const rawWorkflows = Array.isArray(raw.workflows) ? raw.workflows : [];
  rawWorkflows.forEach((w: unknown, i) => {
    if (!isRecord(w) || typeof w.id !== 'string' || !isRecord(w.definition)) return; // reported by the schema
    const base = `workflows[${i}]`;
    if (workflows.has(w.id)) issues.push({ path: `${base}.id`, message: `"${w.id}" is declared twice` });
    workflows.set(w.id, w.definition);
    const definition = w.definition;
    if (definition.vars !== undefined) issues.push({ path: `${base}.definition.vars`, message: 'declare pack variables under variables (with a default) instead' });
    const refs = referencesIn(definition, `${base}.definition`);
    for (const [name, path] of refs.vars) {
      usedVars.add(name);
      if (!declared.has(name)) issues.push({ path, message: `uses vars.${name}, which the pack's variables do not declare` });
    }
    for (const [name, path] of tableStepsIn(definition, `${base}.definition`)) {
      if (!declaredTables.has(name)) issues.push({ path, message: `uses table "${name}", which the pack's tables do not declare` });
    }
    const trigger = isRecord(definition.trigger) ? definition.trigger : undefined;
    if ((trigger?.type === 'webhook' || trigger?.type === 'form') && typeof trigger.path === 'string') {
      const other = hookPaths.get(trigger.path);
      if (other !== undefined) issues.push({ path: `${base}.definition.trigger.path`, message: `"${trigger.path}" is also the path of workflow "${other}"` });
      else hookPaths.set(trigger.path, w.id);
    }
    const validated = validateDefinition({ ...definition, vars: sampleVars }, registry);
    if (!validated.ok) issues.push(...validated.errors.map((e) => ({ path: e.path ? `${base}.definition.${e.path}` : `${base}.definition`, message: e.message })));
    else {
      const { vars: _vars, ...rest } = validated.definition;
      valid.push({ id: w.id, definition: { ...rest, vars: {} } as WorkflowDefinition });
    }
  });
  variables.forEach((v, i) => {
    if (!usedVars.has(v.name)) issues.push({ path: `variables[${i}]`, message: `vars.${v.name} is declared but no workflow uses it` });
  });
  checkEndpoints(section(packFileSchema.shape.endpoints, raw.endpoints) ?? [], workflows, issues);

  if (issues.length > 0 || !parsed.success) return { ok: false, errors: issues };
  return { ok: true, pack: { ...parsed.data, tables, workflows: valid } };
}

/** Parses (same size and alias limits as workflow definitions) and validates a pack text, checksum included. */
export function readPack(text: string, registry: StepRegistry): PackResult {
  const parsed = parseDefinitionText(text, 'yaml');
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const result = checkPack(parsed.value, registry);
  const checksum = isRecord(parsed.value) ? parsed.value.checksum : undefined;
  if (typeof checksum === 'string' && /^sha256:[0-9a-f]{64}$/.test(checksum)) {
    const actual = computePackChecksum(text);
    if (actual !== checksum) {
      const issue = { path: 'checksum', message: `does not match the pack's content (computed ${actual}); the pack was changed after the checksum was written` };
      return { ok: false, errors: [...(result.ok ? [] : result.errors), issue] };
    }
  }
  return result;
}

/** The `.yaml` files of the packs directory, sorted. */
export function packFiles(dir: string = PACKS_DIR): string[] {
  return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(dir, name));
}

/** Reads one pack file. */
export function readPackFile(file: string, registry: StepRegistry): PackResult {
  return readPack(readFileSync(file, 'utf8'), registry);
}

/** `free`, or the amount with its currency, e.g. `99.00 USD`. */
export function formatPrice(price: PackFile['price']): string {
  return price.amount === 0 ? 'free' : `${(price.amount / 100).toFixed(2)} ${price.currency}`;
}
