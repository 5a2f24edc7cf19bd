import {
  MAX_ARRAY_LENGTH,
  MAX_NESTING,
  MAX_STRING_LENGTH,
  MAX_STRUCTURE_SIZE,
  YIELD_EVERY_MS,
  arrayTooLong,
  sizeLimitError,
  stringTooLong,
} from './limits.ts';

/**
 * jsonata's per-evaluation environment (`environment.base`): created afresh by every `evaluate()`
 * call, so state kept on it is never shared between concurrent evaluations of one compiled expression.
 */
export interface EvaluationBase {
  /** jsonata's own depth and time check (present because the `stack`/`timeout` options are set). */
  guardrails(): void;
  levqorSteps?: number;
  levqorSliceStart?: number;
}

export interface JsonataEnvironment {
  base: EvaluationBase;
  timestamp: Date;
}

/**
 * JS functions, jsonata built-in definitions and lambdas. Data that merely carries the marker keys
 * (from a webhook body, say) has no JS function inside, so it stays data.
 */
export function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown; implementation?: unknown; environment?: { lookup?: unknown } };
  if (record._jsonata_function === true) return typeof record.implementation === 'function';
  if (record._jsonata_lambda === true) return typeof record.environment?.lookup === 'function';
  return false;
}

/** Objects walked as data: arrays, plain objects and jsonata's prototype-less objects. */
export function isDataObject(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return (proto === null || proto === Object.prototype) && !isJsonataFunction(value);
}

// Sizes of structures already measured. Shared parts are counted once per appearance, so a value
// built by repeatedly pairing a structure with itself grows exponentially in size while costing
// almost nothing to build; measuring it with the memo stays cheap and stops it early. (A structure
// changed after it was measured keeps its old size here: that can only make the cap looser.)
const sizes = new WeakMap<object, number>();
const MEMO_FROM = 8;

function structureSize(value: object, depth: number): number {
  const known = sizes.get(value);
  if (known !== undefined) return known;
  if (depth > MAX_NESTING) throw sizeLimitError(`values may be nested at most ${MAX_NESTING} levels deep`);
  let size = 1;
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_LENGTH) throw arrayTooLong(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      size += typeof item === 'object' && item !== null ? structureSize(item, depth + 1) : 1;
      if (size > MAX_STRUCTURE_SIZE) break;
    }
  } else if (isDataObject(value)) {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      size += typeof item === 'object' && item !== null ? structureSize(item, depth + 1) : 1;
      if (size > MAX_STRUCTURE_SIZE) break;
    }
  }
  if (size > MAX_STRUCTURE_SIZE) {
    throw sizeLimitError(`a structure may hold at most ${MAX_STRUCTURE_SIZE} values (shared parts counted each time they appear)`);
  }
  if (size >= MEMO_FROM) sizes.set(value, size);
  return size;
}

/** A callee as jsonata will see it: a function, or a one-item sequence holding one. */
function isCallable(value: object): boolean {
  return Array.isArray(value) ? value.length === 1 && isJsonataFunction(value[0]) : isJsonataFunction(value);
}

const CHECK_CLOCK_EVERY = 256;

interface AstNode {
  type: string;
  group?: unknown;
  /** Set by prepareAst on the procedure of a call. */
  levqorCallee?: boolean;
}

/**
 * Evaluation steps whose result can be a new structure (paths gather sequences, constructors and
 * functions build values, `{ }` grouping builds objects). Other steps pass on a value some earlier
 * step already produced (variables, blocks, conditions) or a part of one (names), so checking the
 * builders is enough to keep every structure within the caps.
 */
const BUILDING_STEPS: ReadonlySet<string> = new Set(['path', 'unary', 'function', 'apply', 'partial', 'wildcard', 'descendant']);

function yieldToEventLoop(base: EvaluationBase): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      base.levqorSliceStart = Date.now();
      resolve();
    }),
  );
}

/**
 * jsonata's `__evaluate_exit` hook, run after every evaluation step with the step's result. Bound on
 * the compiled expression (shared), it keeps its per-evaluation state on `environment.base`.
 * - caps every intermediate value (strings, arrays, shared structures) before anything can expand it;
 * - gives the event loop a turn every YIELD_EVERY_MS of evaluation (evaluation otherwise runs as one
 *   unbroken chain of microtasks, starving timers and I/O for up to the whole time limit).
 */
export function onEvaluateExit(expr: AstNode, _input: unknown, environment: JsonataEnvironment, result: unknown): Promise<void> | undefined {
  if (typeof result === 'string') {
    if (result.length > MAX_STRING_LENGTH) throw stringTooLong(result.length);
  } else if (typeof result === 'object' && result !== null) {
    if (expr.levqorCallee === true && !isCallable(result)) throw { code: 'T1006', stack: new Error().stack };
    if (BUILDING_STEPS.has(expr.type) || expr.group !== undefined) structureSize(result, 0);
  }
  const base = environment.base;
  const steps = (base.levqorSteps ?? 0) + 1;
  base.levqorSteps = steps;
  if (steps % CHECK_CLOCK_EVERY !== 0) return undefined;
  const now = Date.now();
  if (base.levqorSliceStart === undefined) {
    base.levqorSliceStart = now;
    return undefined;
  }
  return now - base.levqorSliceStart >= YIELD_EVERY_MS ? yieldToEventLoop(base) : undefined;
}

export const EVALUATE_EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');
