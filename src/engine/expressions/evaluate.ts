import { compileExpression } from './compile.ts';
import { ExpressionSyntaxError, expressionFailure, type ExpressionSite } from './describe-error.ts';
import { defaultExpressionLimits, MAX_STRING_LENGTH, stringTooLong, type ExpressionLimits } from './limits.ts';
import { formatPath, type PathNode } from './path.ts';
import { toPlainResult } from './plain-result.ts';
import { isTemplateContainer, parseTemplate } from './template.ts';

/**
 * Runs a compiled expression. The scope is the input document (`trigger.body.email`) and each of its
 * top-level keys is also bound as a variable (`$trigger`, `$steps`, …) for use inside functions.
 */
async function run(source: string, scope: Record<string, unknown>, limits: ExpressionLimits): Promise<unknown> {
  const compiled = compileExpression(source, limits);
  if (!compiled.ok) throw new ExpressionSyntaxError(compiled.problem);
  return toPlainResult(await compiled.expression.evaluate(scope, scope));
}

/** Evaluate one bare JSONata expression (no braces). */
export async function evaluateExpression(
  expression: string,
  scope: Record<string, unknown>,
  where: { field: string; step?: string },
  limits: ExpressionLimits = defaultExpressionLimits,
): Promise<unknown> {
  const source = expression.trim();
  try {
    return await run(source, scope, limits);
  } catch (error) {
    throw expressionFailure(error, source, where, limits);
  }
}

/** Text form of an interpolated value: strings as-is, JSON for objects and arrays, '' for nothing. */
export function interpolationText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Told before each expression of a resolution starts, with its 0-based position in evaluation order. */
export type ExpressionStarted = (ordinal: number) => void;

interface Resolution {
  scope: Record<string, unknown>;
  where: { field: string; step?: string };
  limits: ExpressionLimits;
  onExpression?: ExpressionStarted;
  started: number;
}

function siteAt(resolution: Resolution, path: PathNode | undefined): ExpressionSite {
  const field = formatPath(resolution.where.field, path);
  return resolution.where.step === undefined ? { field } : { field, step: resolution.where.step };
}

async function resolveString(text: string, path: PathNode | undefined, resolution: Resolution): Promise<unknown> {
  const parsed = parseTemplate(text);
  if (!parsed.templated) return text;
  const { scope, limits } = resolution;
  let output = '';
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      output += part.text;
      continue;
    }
    let value: unknown;
    try {
      resolution.onExpression?.(resolution.started);
      resolution.started++;
      if (part.kind === 'unterminated') throw new ExpressionSyntaxError({ message: 'the template is missing its closing }}' });
      value = await run(part.source, scope, limits);
    } catch (error) {
      throw expressionFailure(error, part.source, siteAt(resolution, path), limits);
    }
    if (parsed.single) return value;
    output += interpolationText(value);
    if (output.length > MAX_STRING_LENGTH) {
      throw expressionFailure(stringTooLong(output.length), part.source, siteAt(resolution, path), limits);
    }
  }
  return output;
}

async function resolveValue(value: unknown, path: PathNode | undefined, resolution: Resolution): Promise<unknown> {
  if (typeof value === 'string') return resolveString(value, path, resolution);
  if (!isTemplateContainer(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const resolved = await resolveValue(value[i], { parent: path, segment: i }, resolution);
      if (copy === undefined && resolved !== value[i]) copy = value.slice(0, i);
      if (copy !== undefined) copy.push(resolved);
    }
    return copy ?? value;
  }
  const keys = Object.keys(value);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const item = value[keys[i]];
    const resolved = await resolveValue(item, { parent: path, segment: keys[i] }, resolution);
    if (copy === undefined && resolved !== item) {
      copy = {};
      for (let j = 0; j < i; j++) defineKey(copy, keys[j], value[keys[j]]);
    }
    if (copy !== undefined) defineKey(copy, keys[i], resolved);
  }
  return copy ?? value;
}

function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Resolve all templates in value (deep). Keys are never templated; values without templates are
 * returned as they are (not copied).
 */
export async function resolveTemplates(
  value: unknown,
  scope: Record<string, unknown>,
  where: { field: string; step?: string },
  limits: ExpressionLimits = defaultExpressionLimits,
  onExpression?: ExpressionStarted,
): Promise<unknown> {
  return resolveValue(value, undefined, { scope, where, limits, onExpression, started: 0 });
}

/** An expression inside a value, with the site it is reported at. */
export interface TemplateSite {
  source: string;
  site: ExpressionSite;
}

/**
 * The expressions `resolveTemplates` would evaluate in `value`, in the order it evaluates them (the
 * ordinals `onExpression` reports), stopping after `upTo` of them.
 */
export function listTemplates(value: unknown, where: { field: string; step?: string }, upTo = Infinity): TemplateSite[] {
  const found: TemplateSite[] = [];
  const resolution: Resolution = { scope: {}, where, limits: defaultExpressionLimits, started: 0 };
  const visit = (item: unknown, path: PathNode | undefined): void => {
    if (found.length >= upTo) return;
    if (typeof item === 'string') {
      for (const part of parseTemplate(item).parts) {
        if (part.kind !== 'text' && found.length < upTo) found.push({ source: part.source, site: siteAt(resolution, path) });
      }
      return;
    }
    if (!isTemplateContainer(item)) return;
    if (Array.isArray(item)) item.forEach((element, i) => visit(element, { parent: path, segment: i }));
    else for (const key of Object.keys(item)) visit(item[key], { parent: path, segment: key });
  };
  visit(value, undefined);
  return found;
}
