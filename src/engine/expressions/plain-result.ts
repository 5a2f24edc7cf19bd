import { MAX_ARRAY_LENGTH, MAX_NESTING, MAX_STRING_LENGTH, arrayTooLong, sizeLimitError, stringTooLong } from './limits.ts';
import { isJsonataFunction } from './value-guard.ts';

/**
 * Turns an evaluation result into plain JSON-like data for the rest of the engine:
 * - functions (jsonata built-ins, lambdas, regexes, internal closures) are removed: a result that is
 *   a function becomes undefined, object keys holding one are dropped, array items are skipped;
 * - jsonata's prototype-less objects become ordinary objects (a `__proto__` key stays an own data
 *   property, as `JSON.parse` makes it) and its sequences become ordinary arrays;
 * - the whole result must serialise to at most MAX_STRING_LENGTH characters.
 * Values that need none of this (input data passed through) are returned as they are, not copied.
 */
const DROP = Symbol('drop');

const SEQUENCE_MARKERS = ['sequence', 'keepSingleton', 'outerWrapper', 'tupleStream', 'push'];

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isClassPrototype(proto: unknown): boolean {
  if (typeof proto !== 'object' || proto === null || !Object.hasOwn(proto, 'constructor')) return false;
  const { constructor } = proto as { constructor: unknown };
  return typeof constructor === 'function' && constructor.prototype === proto;
}

interface Budget {
  used: number;
}

function tooLarge(): Error {
  return sizeLimitError(`the result would serialise to more than ${MAX_STRING_LENGTH} characters`);
}

function convert(value: unknown, depth: number, budget: Budget): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_STRING_LENGTH) throw stringTooLong(value.length);
      budget.used += value.length + 2;
      break;
    case 'number':
    case 'boolean':
      budget.used += 6;
      break;
    case 'object':
      if (value === null) {
        budget.used += 4;
        break;
      }
      return convertObject(value, depth, budget);
    case 'undefined':
      return undefined;
    default:
      // functions, symbols, bigints: not data
      return DROP;
  }
  if (budget.used > MAX_STRING_LENGTH) throw tooLarge();
  return value;
}

function convertObject(value: object, depth: number, budget: Budget): unknown {
  if (isJsonataFunction(value)) return DROP;
  if (depth > MAX_NESTING) throw sizeLimitError(`values may be nested at most ${MAX_NESTING} levels deep`);
  budget.used += 2;
  if (budget.used > MAX_STRING_LENGTH) throw tooLarge();
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_LENGTH) throw arrayTooLong(value.length);
    let copy: unknown[] | undefined = SEQUENCE_MARKERS.some((key) => Object.hasOwn(value, key)) ? [] : undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const converted = convert(item, depth + 1, budget);
      budget.used += 1;
      if (copy === undefined && converted !== item) copy = value.slice(0, i);
      if (copy !== undefined && converted !== DROP) copy.push(converted);
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  const isPlain = proto === Object.prototype;
  // Prototype-less (jsonata-built) objects, or data objects given a data prototype by a `__proto__`
  // assignment in a transform, are rebuilt from their own keys. Class instances (a prototype that
  // is its constructor's `prototype`, which data cannot fake) pass as they are.
  const rebuild = !isPlain && !isClassPrototype(proto);
  if (!isPlain && !rebuild) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined = rebuild ? {} : undefined;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = record[key];
    const converted = convert(item, depth + 1, budget);
    budget.used += key.length + 4;
    if (copy === undefined && converted !== item) {
      copy = {};
      for (let j = 0; j < i; j++) setOwn(copy, keys[j], record[keys[j]]);
    }
    if (copy !== undefined && converted !== DROP && converted !== undefined) setOwn(copy, key, converted);
  }
  if (budget.used > MAX_STRING_LENGTH) throw tooLarge();
  return copy ?? value;
}

export function toPlainResult(value: unknown): unknown {
  const converted = convert(value, 0, { used: 0 });
  return converted === DROP ? undefined : converted;
}
