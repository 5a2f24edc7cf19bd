import { MAX_NESTING, MAX_STRING_LENGTH, sizeLimitError } from './limits.ts';
import { isDataObject, isJsonataFunction } from './value-guard.ts';

/**
 * Estimated length of `JSON.stringify(value)`, walking at most `budget` characters' worth: returns
 * Infinity as soon as the estimate passes the budget, so shared structures cannot make it slow.
 */
export function estimateJsonLength(value: unknown, budget: number = MAX_STRING_LENGTH): number {
  let total = 0;
  const visit = (item: unknown, depth: number): void => {
    if (total > budget) return;
    switch (typeof item) {
      case 'string':
        total += item.length + 2;
        return;
      case 'number':
      case 'boolean':
        total += 6;
        return;
      case 'object':
        break;
      default:
        return;
    }
    if (item === null) {
      total += 4;
      return;
    }
    if (depth > MAX_NESTING) throw sizeLimitError(`values may be nested at most ${MAX_NESTING} levels deep`);
    if (!isDataObject(item)) {
      total += 16;
      return;
    }
    total += 2;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length && total <= budget; i++) {
        total += 1;
        visit(item[i], depth + 1);
      }
      return;
    }
    const record = item as Record<string, unknown>;
    for (const key in record) {
      if (total > budget) return;
      total += key.length + 4;
      visit(record[key], depth + 1);
    }
  };
  visit(value, 0);
  return total > budget ? Infinity : total;
}

/** JSON with object keys sorted, so deeply equal values give equal text (used by `$distinct`). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (isJsonataFunction(item)) return undefined;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) {
      Object.defineProperty(sorted, key, { value: (item as Record<string, unknown>)[key], enumerable: true });
    }
    return sorted;
  });
}
