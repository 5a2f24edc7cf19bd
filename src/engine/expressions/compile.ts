import jsonata from 'jsonata';
import { prepareAst } from './ast-check.ts';
import { sandboxedBuiltins } from './builtins.ts';
import {
  COMPILED_CACHE_SIZE,
  MAX_ARRAY_LENGTH,
  MAX_EXPRESSION_LENGTH,
  assertValidLimits,
  defaultExpressionLimits,
  type ExpressionLimits,
} from './limits.ts';
import { LruCache } from './lru.ts';
import { safeRegexEngine } from './regex-engine.ts';
import { EVALUATE_EXIT_HOOK, onEvaluateExit } from './value-guard.ts';

export interface SyntaxProblem {
  message: string;
  /** Character offset in the expression, when the parser reports one. */
  position?: number;
}

/** A compiled expression, or why it does not compile. Cached, so both are computed once per text. */
export type Compiled = { ok: true; expression: jsonata.Expression } | { ok: false; problem: SyntaxProblem };

const caches = new WeakMap<ExpressionLimits, LruCache<string, Compiled>>();
const cachesByValue = new Map<string, LruCache<string, Compiled>>();

function cacheFor(limits: ExpressionLimits): LruCache<string, Compiled> {
  let cache = caches.get(limits);
  if (cache === undefined) {
    assertValidLimits(limits);
    const key = `${limits.timeoutMs}/${limits.maxDepth}`;
    cache = cachesByValue.get(key);
    if (cache === undefined) {
      cache = new LruCache<string, Compiled>(COMPILED_CACHE_SIZE);
      cachesByValue.set(key, cache);
    }
    caches.set(limits, cache);
  }
  return cache;
}

function describeParseError(error: unknown): SyntaxProblem {
  if (error instanceof RangeError) return { message: 'the expression is nested too deeply' };
  const record = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; position?: unknown };
  const message = typeof record.message === 'string' ? record.message : String(error);
  return typeof record.position === 'number' ? { message, position: record.position } : { message };
}

function compileUncached(source: string, limits: ExpressionLimits): Compiled {
  if (source === '') return { ok: false, problem: { message: 'the expression is empty' } };
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, problem: { message: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` } };
  }
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: MAX_ARRAY_LENGTH,
      RegexEngine: safeRegexEngine,
    });
  } catch (error) {
    return { ok: false, problem: describeParseError(error) };
  }
  const problem = prepareAst(expression.ast());
  if (problem !== null) return { ok: false, problem: { message: problem } };
  for (const [name, definition] of sandboxedBuiltins) expression.assign(name, definition);
  expression.assign(EVALUATE_EXIT_HOOK as unknown as string, onEvaluateExit);
  return { ok: true, expression };
}

/** Compiles a bare JSONata expression (already trimmed), through the bounded cache. */
export function compileExpression(source: string, limits: ExpressionLimits = defaultExpressionLimits): Compiled {
  const cache = cacheFor(limits);
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = compileUncached(source, limits);
    cache.set(source, compiled);
  }
  return compiled;
}
