import jsonata from 'jsonata';
import { listTemplates } from './evaluate.ts';
import { LruCache } from './lru.ts';

/**
 * Expressions that run in time linear in the data they read and can never run synchronously for long:
 * paths (no `**`), filters, arithmetic, comparisons, conditions, object and array constructors, and calls
 * of a few built-ins whose cost is linear in their arguments. No regular expressions, no date pictures,
 * no functions of the user's, no ranges, no `~>`, no sorting, no variables bound in the expression.
 * These are evaluated where the step runs (jsonata's own time limit and the 10 ms yield apply); every
 * other expression goes to the sandbox threads (src/sandbox/). Most templates are of this kind
 * (`{{ trigger.body.email }}`, `{{ steps.shape.total > 100 }}`), and each sandbox hop costs the run a turn
 * of the event loop.
 */
const NODE_TYPES = new Set(['path', 'name', 'number', 'string', 'value', 'binary', 'unary', 'condition', 'function', 'variable', 'filter', 'wildcard']);

const LINEAR_FUNCTIONS = new Set([
  'uppercase', 'lowercase', 'trim', 'string', 'number', 'boolean', 'not', 'exists', 'length', 'substring', 'substringBefore',
  'substringAfter', 'contains', 'join', 'split', 'replace', 'round', 'floor', 'ceil', 'abs', 'sum', 'count', 'max', 'min',
  'average', 'keys', 'lookup', 'merge', 'append', 'now', 'millis', 'type',
]);

/** Built-ins that must not even be passed around (as a matcher or replacer, say): they may backtrack or loop. */
const UNBOUNDED_FUNCTIONS = new Set([
  'match', 'toMillis', 'fromMillis', 'formatNumber', 'formatInteger', 'parseInteger', 'formatBase', 'eval', 'sort', 'each', 'sift',
  'reduce', 'filter', 'map', 'zip', 'spread', 'single', 'pad', 'shuffle', 'distinct', 'reverse', 'error', 'assert', 'clone',
]);

/** Longer expressions are left to the sandbox: the check itself must stay cheap. */
const MAX_CHECKED_LENGTH = 500;

const verdicts = new LruCache<string, boolean>(5000);

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

function nodeIsBounded(node: Node): boolean {
  if (typeof node.type !== 'string') return true; // an object constructor's [key, value] pair
  if (!NODE_TYPES.has(node.type)) return false;
  if (node.type === 'binary' && node.value === '..') return false;
  if (node.type === 'function') {
    const procedure = node.procedure;
    return isNode(procedure) && procedure.type === 'variable' && LINEAR_FUNCTIONS.has(String(procedure.value));
  }
  if (node.type === 'variable' && UNBOUNDED_FUNCTIONS.has(String(node.value))) return false;
  // Positional and context bindings (`#$i`, `@$x`) and grouping tie evaluation to tuple streams.
  return node.focus === undefined && node.index === undefined && node.tuple === undefined && node.group === undefined;
}

function classify(source: string): boolean {
  if (source.length > MAX_CHECKED_LENGTH) return false;
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch {
    return false; // reported by the sandbox like any failing expression
  }
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isNode(current) || current instanceof RegExp) continue;
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    if (!nodeIsBounded(current)) return false;
    for (const key of Object.keys(current)) if (key !== 'procedure') stack.push(current[key]);
  }
  return true;
}

export function runsInBoundedTime(source: string): boolean {
  let verdict = verdicts.get(source);
  if (verdict === undefined) {
    verdict = classify(source);
    verdicts.set(source, verdict);
  }
  return verdict;
}

/** Whether every template in `value` is of the bounded kind (and may be resolved without the sandbox). */
export function allTemplatesBounded(value: unknown): boolean {
  return listTemplates(value, { field: '' }).every((template) => runsInBoundedTime(template.source));
}
