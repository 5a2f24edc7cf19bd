/**
 * Sandboxed replacements for jsonata built-in functions, bound on every compiled expression so they
 * shadow the originals:
 * - `$eval` is disabled: it would parse and run text built at run time, out of reach of save-time
 *   checks and of the compiled-expression cache.
 * - `$pad`, `$join`, `$split`, `$string` and `$clone` (also used by the `~> | |` transform) refuse
 *   before allocating results larger than the size caps.
 * - `$sort` and `$distinct` are replaced by versions without quadratic synchronous work.
 * - `$now` and `$millis` read the evaluation's own timestamp (jsonata keeps one per compiled
 *   expression, which concurrent evaluations would overwrite).
 */
import jsonata from 'jsonata';
import { MAX_ARRAY_LENGTH, MAX_STRING_LENGTH, ExpressionLimitError, sizeLimitError, stringTooLong } from './limits.ts';
import { estimateJsonLength } from './json-size.ts';
import { distinct, sort } from './sort-distinct.ts';
import { EVALUATE_EXIT_HOOK, type JsonataEnvironment } from './value-guard.ts';

type Implementation = (this: unknown, ...args: never[]) => unknown;

interface FunctionDefinition {
  _jsonata_function: true;
  implementation: Implementation;
  signature?: unknown;
}

/**
 * Reads a built-in's definition synchronously: jsonata runs an evaluation synchronously up to its
 * first `await`, which is the exit hook of the (single) variable step, called with the value.
 */
function original(name: string): FunctionDefinition {
  let captured: unknown;
  const probe = jsonata(`$${name}`);
  probe.assign(EVALUATE_EXIT_HOOK as unknown as string, (_e: unknown, _i: unknown, _env: unknown, result: unknown) => {
    captured = result;
  });
  probe.evaluate(null).catch(() => undefined);
  const definition = captured as FunctionDefinition | undefined;
  if (definition?._jsonata_function !== true || typeof definition.implementation !== 'function') {
    throw new Error(`unsupported jsonata version: cannot read the built-in $${name}`);
  }
  return definition;
}

/** Wraps an implementation, keeping the arity and parameter list jsonata reads from it. */
function define(base: FunctionDefinition, implementation: Implementation, shownAs: Implementation = base.implementation): FunctionDefinition {
  Object.defineProperty(implementation, 'length', { value: shownAs.length });
  Object.defineProperty(implementation, 'toString', { value: () => Function.prototype.toString.call(shownAs) });
  return { _jsonata_function: true, implementation, signature: base.signature };
}

function guard(name: string, check: (args: unknown[]) => void): FunctionDefinition {
  const base = original(name);
  const impl = base.implementation as (...args: unknown[]) => unknown;
  return define(base, function (this: unknown, ...args: unknown[]) {
    check(args);
    return impl.apply(this, args);
  });
}

function checkSerialisable(value: unknown): void {
  if (estimateJsonLength(value) > MAX_STRING_LENGTH) {
    throw sizeLimitError(`the value would serialise to more than ${MAX_STRING_LENGTH} characters`);
  }
}

function countOccurrences(text: string, separator: string, stopAfter: number): number {
  let count = 0;
  for (let at = text.indexOf(separator); at >= 0 && count <= stopAfter; at = text.indexOf(separator, at + separator.length)) count++;
  return count;
}

/** The evaluation's own timestamp, fixed when `evaluate()` started. */
function timestampOf(focus: unknown): number {
  return (focus as { environment: JsonataEnvironment }).environment.timestamp.getTime();
}

function buildDefinitions(): Map<string, FunctionDefinition> {
  const definitions = new Map<string, FunctionDefinition>();
  const evalBase = original('eval');
  definitions.set('eval', define(evalBase, function () {
    throw new ExpressionLimitError('the $eval function is not available');
  }));
  definitions.set('pad', guard('pad', ([str, width, char]) => {
    const unit = typeof char === 'string' && char.length > 0 ? char.length : 1;
    const length = Math.abs(Math.trunc(Number(width))) * unit;
    if (typeof str === 'string' && length > MAX_STRING_LENGTH) throw stringTooLong(length);
  }));
  definitions.set('join', guard('join', ([strs, separator]) => {
    if (!Array.isArray(strs)) return;
    let length = typeof separator === 'string' ? separator.length * Math.max(0, strs.length - 1) : 0;
    for (const item of strs) length += typeof item === 'string' ? item.length : 0;
    if (length > MAX_STRING_LENGTH) throw stringTooLong(length);
  }));
  definitions.set('split', guard('split', ([str, separator, limit]) => {
    if (typeof str !== 'string' || typeof separator !== 'string') return;
    const cap = typeof limit === 'number' ? Math.min(limit, MAX_ARRAY_LENGTH + 1) : MAX_ARRAY_LENGTH + 1;
    const pieces = separator === '' ? Math.min(str.length, cap) : countOccurrences(str, separator, cap) + 1;
    if (pieces > MAX_ARRAY_LENGTH) throw sizeLimitError(`$split would produce more than ${MAX_ARRAY_LENGTH} items`);
  }));
  definitions.set('string', guard('string', ([value]) => checkSerialisable(value)));
  definitions.set('clone', guard('clone', ([value]) => checkSerialisable(value)));
  const sortBase = original('sort');
  definitions.set('sort', define(sortBase, sort as Implementation, sortBase.implementation));
  const distinctBase = original('distinct');
  definitions.set('distinct', define(distinctBase, distinct as Implementation, distinctBase.implementation));
  const fromMillis = original('fromMillis').implementation as (this: unknown, millis: number, picture?: string, timezone?: string) => string;
  const nowBase = original('now');
  definitions.set('now', define(nowBase, function (this: unknown, picture?: string, timezone?: string) {
    return fromMillis.call(this, timestampOf(this), picture, timezone);
  } as Implementation));
  const millisBase = original('millis');
  definitions.set('millis', define(millisBase, function (this: unknown) {
    return timestampOf(this);
  }));
  return definitions;
}

/** Name (without `$`) → sandboxed definition, to `assign` on each compiled expression. */
export const sandboxedBuiltins: ReadonlyMap<string, FunctionDefinition> = buildDefinitions();
