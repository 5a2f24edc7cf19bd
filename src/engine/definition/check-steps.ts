import { stepSchema } from '../../contracts/workflow.ts';
import type { StepRegistry } from '../step-registry.ts';
import type { StepType } from '../step-type.ts';
import { checkTemplateSyntax, hasTemplate } from '../expressions/index.ts';
import { isRecord, joinPath, type DefinitionIssue } from './definition-issue.ts';
import { humanErrorMap, toDefinitionIssues, type SkipPath } from './zod-issues.ts';
import { checkStepGraph, type GraphStep } from './check-graph.ts';
import { checkStepSecrets } from './check-secrets.ts';

/** Step types after which nothing runs. */
const FLOW_ENDING_TYPES = new Set(['stop', 'fail']);

export interface StepCheckContext {
  registry: StepRegistry;
  issues: DefinitionIssue[];
  /** Every step id seen so far in the workflow, nested lists included, with where it was first used. */
  seenIds: Map<string, string>;
}

function isTemplateString(value: unknown): boolean {
  return typeof value === 'string' && hasTemplate(value);
}

/**
 * Skips `with` issues that only run time can settle (at or under a `{{ }}` string) and issues inside
 * nested step lists, which are checked step by step on their own. Raw fields are not resolved before
 * the step type's schema checks them at run time, so a template there is checked as the text it is.
 */
function skipRuntimeAndBlocks(withValue: Record<string, unknown>, type: StepType<any>): SkipPath {
  const blockFields = type.blockFields ?? [];
  const rawFields = type.rawFields ?? [];
  return (path) => {
    if (path.length > 1 && blockFields.includes(String(path[0]))) return true;
    if (rawFields.includes(String(path[0]))) return false;
    let value: unknown = withValue;
    for (const segment of path) {
      if (isTemplateString(value)) return true;
      if (typeof value !== 'object' || value === null) return false;
      value = (value as Record<PropertyKey, unknown>)[segment];
    }
    return isTemplateString(value);
  };
}

/** Path (inside `with`) of the first field holding `target`, to point a bad branch target at its field. */
function findValuePath(value: unknown, target: string, skipKeys: readonly string[], path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (value === target) return path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (path.length === 0 && skipKeys.includes(key)) continue;
    const found = findValuePath(child, target, skipKeys, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}

function jumpsOf(type: StepType<any> | undefined, withValue: Record<string, unknown>, withPath: string): GraphStep['jumps'] {
  if (!type?.jumpTargets) return [];
  let targets: unknown[];
  try {
    targets = type.jumpTargets(withValue);
  } catch {
    return []; // a malformed `with` is already reported by the step type's schema
  }
  const blockFields = type.blockFields ?? [];
  return targets
    .filter((target): target is string => typeof target === 'string' && !hasTemplate(target))
    .map((target) => ({ target, path: joinPath(withPath, findValuePath(withValue, target, blockFields) ?? []) }));
}

function withoutKeys(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function checkId(id: unknown, path: string, ctx: StepCheckContext): void {
  if (typeof id !== 'string') return;
  if (id === 'end') {
    ctx.issues.push({ path: `${path}.id`, message: '"end" is reserved: `next: end` finishes the run' });
    return;
  }
  const firstUse = ctx.seenIds.get(id);
  if (firstUse !== undefined) ctx.issues.push({ path: `${path}.id`, message: `duplicate step id "${id}" (already used by ${firstUse})` });
  else ctx.seenIds.set(id, path);
}

function stepTypeOf(type: unknown, path: string, ctx: StepCheckContext): StepType<any> | undefined {
  if (typeof type !== 'string' || type === '') return undefined;
  const found = ctx.registry.get(type);
  if (!found) {
    const known = ctx.registry.names();
    const hint = known.length > 0 ? `known types: ${known.join(', ')}` : 'no step types are registered';
    ctx.issues.push({ path: `${path}.type`, message: `unknown step type "${type}"; ${hint}` });
  }
  return found;
}

function checkWith(type: StepType<any> | undefined, stepId: unknown, withValue: Record<string, unknown>, withPath: string, ctx: StepCheckContext): void {
  const blockFields = type?.blockFields ?? [];
  if (type) {
    const parsed = type.schema.safeParse(withValue, { error: humanErrorMap });
    if (!parsed.success) ctx.issues.push(...toDefinitionIssues(parsed.error.issues, withPath, skipRuntimeAndBlocks(withValue, type)));
    for (const found of type.checkLiterals?.(withValue, new Date()) ?? []) ctx.issues.push({ path: joinPath(withPath, found.path), message: found.message });
    ctx.issues.push(...checkStepSecrets(type, stepId, withValue, withPath, ctx.registry));
  }
  ctx.issues.push(...checkTemplateSyntax(withoutKeys(withValue, blockFields), withPath));
  for (const field of blockFields) {
    const block = withValue[field];
    const blockPath = joinPath(withPath, [field]);
    if (Array.isArray(block)) checkStepList(block, blockPath, ctx);
    else if (block !== undefined && !ctx.issues.some((issue) => issue.path === blockPath)) {
      ctx.issues.push({ path: blockPath, message: 'expected a list of steps' });
    }
  }
}

function checkStep(step: unknown, path: string, ctx: StepCheckContext): GraphStep {
  const parsed = stepSchema.safeParse(step, { error: humanErrorMap });
  if (!parsed.success) ctx.issues.push(...toDefinitionIssues(parsed.error.issues, path));
  if (!isRecord(step)) return { id: undefined, path, next: undefined, endsFlow: false, jumps: [] };

  checkId(step.id, path, ctx);
  const type = stepTypeOf(step.type, path, ctx);
  const withValue = step.with === undefined ? {} : step.with;
  const withPath = `${path}.with`;
  if (isRecord(withValue)) checkWith(type, step.id, withValue, withPath, ctx);
  return {
    id: typeof step.id === 'string' ? step.id : undefined,
    path,
    next: step.next,
    endsFlow: typeof step.type === 'string' && FLOW_ENDING_TYPES.has(step.type),
    jumps: isRecord(withValue) ? jumpsOf(type, withValue, withPath) : [],
  };
}

/** Checks a list of sibling steps, nested lists inside them, and the flow between the siblings. */
export function checkStepList(steps: readonly unknown[], basePath: string, ctx: StepCheckContext): void {
  const graph = steps.map((step, index) => checkStep(step, `${basePath}[${index}]`, ctx));
  ctx.issues.push(...checkStepGraph(graph));
}
