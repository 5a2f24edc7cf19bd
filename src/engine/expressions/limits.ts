/**
 * Bounds on one expression evaluation. `timeoutMs` and `maxDepth` are configurable per call;
 * the size caps below are fixed and documented in docs/expressions.md.
 */
export interface ExpressionLimits {
  /** Wall-clock budget of one evaluation, in milliseconds. */
  timeoutMs: number;
  /** Maximum nesting of evaluation steps (AST nesting plus function-call recursion). */
  maxDepth: number;
}

export const defaultExpressionLimits: ExpressionLimits = Object.freeze({ timeoutMs: 1000, maxDepth: 200 });

/** Longest string an expression may produce (characters). */
export const MAX_STRING_LENGTH = 10_000_000;
/** Most items an array or sequence produced by an expression may hold. */
export const MAX_ARRAY_LENGTH = 1_000_000;
/** Most values (containers and leaves, shared parts counted each time they appear) in one structure. */
export const MAX_STRUCTURE_SIZE = 10_000_000;
/** Deepest nesting of objects and arrays an expression may see or produce. */
export const MAX_NESTING = 1000;
/** Longest expression text accepted between `{{` and `}}` (characters). */
export const MAX_EXPRESSION_LENGTH = 20_000;
/** A long-running evaluation gives the event loop a turn at least this often (milliseconds). */
export const YIELD_EVERY_MS = 10;
/** Compiled expressions kept in memory (least recently used are dropped first). */
export const COMPILED_CACHE_SIZE = 5000;

/** A sandbox bound was hit; the message is shown to the user as the failure reason. */
export class ExpressionLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionLimitError';
  }
}

export function sizeLimitError(what: string): ExpressionLimitError {
  return new ExpressionLimitError(`exceeded size limit: ${what}`);
}

export function stringTooLong(length: number): ExpressionLimitError {
  return sizeLimitError(`a string of ${length} characters is longer than the maximum of ${MAX_STRING_LENGTH}`);
}

export function arrayTooLong(length: number): ExpressionLimitError {
  return sizeLimitError(`an array of ${length} items is longer than the maximum of ${MAX_ARRAY_LENGTH}`);
}

/** Throws a TypeError for limits that would switch a bound off (jsonata treats 0 as "no limit"). */
export function assertValidLimits(limits: ExpressionLimits): void {
  const { timeoutMs, maxDepth } = limits;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TypeError(`expression timeoutMs must be a positive number, got ${timeoutMs}`);
  if (!(Number.isInteger(maxDepth) && maxDepth > 0)) throw new TypeError(`expression maxDepth must be a positive integer, got ${maxDepth}`);
}
