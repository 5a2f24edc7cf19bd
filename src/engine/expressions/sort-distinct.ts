/**
 * Replacements for jsonata's `$sort` and `$distinct`, whose built-in versions take quadratic time
 * (copying slices in a recursive merge sort; comparing every pair) in synchronous code the time limit
 * cannot interrupt. Same results, O(n log n) and O(n).
 */
import type { EvaluationBase } from './value-guard.ts';
import { isJsonataFunction } from './value-guard.ts';
import { canonicalJson } from './json-size.ts';

interface Focus {
  environment?: { base?: EvaluationBase };
  createSequence?: () => unknown[];
}

type Comparator = (a: unknown, b: unknown) => unknown;

function jsonataError(code: string, index: number): object {
  return { code, index, stack: new Error().stack };
}

const allNumbers = (items: unknown[]): boolean => items.every((item) => typeof item === 'number');
const allStrings = (items: unknown[]): boolean => items.every((item) => typeof item === 'string');

/** `$sort(array, comparator?)`: stable; the comparator answers "should a come after b?". */
export async function sort(this: Focus, arr: unknown[] | undefined, comparator?: Comparator): Promise<unknown[] | undefined> {
  if (arr === undefined) return undefined;
  if (arr.length <= 1) return arr;
  if (comparator === undefined) {
    if (!allNumbers(arr) && !allStrings(arr)) throw jsonataError('D3070', 1);
    return arr.slice().sort((a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0));
  }
  const guardrails = this.environment?.base?.guardrails.bind(this.environment.base);
  let items = arr.slice();
  let comparisons = 0;
  // Bottom-up merge sort: runs of `width` items are merged pairwise until one run is left.
  for (let width = 1; width < items.length; width *= 2) {
    const merged: unknown[] = new Array(items.length);
    for (let low = 0; low < items.length; low += 2 * width) {
      const middle = Math.min(low + width, items.length);
      const high = Math.min(low + 2 * width, items.length);
      let left = low;
      let right = middle;
      let out = low;
      while (left < middle && right < high) {
        if (++comparisons % 1024 === 0) guardrails?.();
        merged[out++] = (await comparator(items[left], items[right])) ? items[right++] : items[left++];
      }
      while (left < middle) merged[out++] = items[left++];
      while (right < high) merged[out++] = items[right++];
    }
    items = merged;
  }
  return items;
}

/** `$distinct(array)`: keeps the first of each group of deeply equal items. */
export function distinct(this: Focus, arr: unknown): unknown {
  if (arr === undefined) return undefined;
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  const isSequence = (arr as { sequence?: unknown }).sequence === true;
  const results: unknown[] = isSequence && this.createSequence ? this.createSequence() : [];
  if (isSequence && !this.createSequence) (results as unknown as { sequence: boolean }).sequence = true;
  const seenValues = new Set<unknown>();
  const seenStructures = new Set<string>();
  for (const item of arr) {
    if (typeof item === 'object' && item !== null && !isJsonataFunction(item)) {
      const key = canonicalJson(item);
      if (seenStructures.has(key)) continue;
      seenStructures.add(key);
    } else {
      if (seenValues.has(item)) continue;
      seenValues.add(item);
    }
    results.push(item);
  }
  return results;
}
