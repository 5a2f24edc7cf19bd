import { setFlagsFromString } from 'node:v8';
import { ExpressionLimitError } from './limits.ts';
import { LruCache } from './lru.ts';

/**
 * Regular expressions run synchronously, so neither the time limit nor event-loop yielding can stop
 * catastrophic backtracking. V8 can run a regular expression in linear time when it has no
 * backreferences or lookarounds; these flags make V8 switch a backtracking match to that engine once it
 * backtracks excessively (for every regular expression in the process: same results, bounded time).
 * Patterns the linear engine cannot run are accepted only when they have no nested quantifiers.
 */
function enableLinearFallback(): boolean {
  try {
    setFlagsFromString('--enable-experimental-regexp-engine');
    setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    new RegExp('a', 'l');
    return true;
  } catch {
    return false;
  }
}

export const linearRegexFallback = enableLinearFallback();

const verdicts = new LruCache<string, string | null>(2000);

/** A quantifier applied to a group that itself contains a quantifier, e.g. `(a+)+` or `(\w*x){2,}`. */
function hasNestedQuantifier(source: string): boolean {
  const groupHasQuantifier: boolean[] = [];
  let inClass = false;
  let lastClosedHadQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      lastClosedHadQuantifier = false;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    const isQuantifier = ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i, i + 24)));
    if (isQuantifier) {
      // `?` right after `(` or another quantifier is syntax (group kind, lazy), not a quantifier.
      if (ch === '?' && (source[i - 1] === '(' || '*+?}'.includes(source[i - 1] ?? ''))) continue;
      if (lastClosedHadQuantifier) return true;
      if (groupHasQuantifier.length > 0) groupHasQuantifier[groupHasQuantifier.length - 1] = true;
      lastClosedHadQuantifier = false;
      continue;
    }
    lastClosedHadQuantifier = false;
    if (ch === '[') inClass = true;
    else if (ch === '(') groupHasQuantifier.push(false);
    else if (ch === ')') {
      const inner = groupHasQuantifier.pop() ?? false;
      lastClosedHadQuantifier = inner;
      if (inner && groupHasQuantifier.length > 0) groupHasQuantifier[groupHasQuantifier.length - 1] = true;
    }
  }
  return false;
}

function runsInLinearTime(source: string, flags: string): boolean {
  if (!linearRegexFallback) return false;
  try {
    new RegExp(source, flags.replace(/[ly]/g, '') + 'l');
    return true;
  } catch {
    return false;
  }
}

/** Returns why the pattern is refused, or null when it is safe to run. */
export function regexProblem(source: string, flags: string): string | null {
  const key = `${flags}/${source}`;
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached;
  let problem: string | null = null;
  if (!runsInLinearTime(source, flags) && hasNestedQuantifier(source)) {
    problem = `regular expression /${source}/ is refused: it nests quantifiers and uses backreferences or lookarounds, so it could take exponential time`;
  }
  verdicts.set(key, problem);
  return problem;
}

export function assertSafeRegex(pattern: RegExp): void {
  const problem = regexProblem(pattern.source, pattern.flags);
  if (problem !== null) throw new ExpressionLimitError(problem);
}

/**
 * The `RegexEngine` handed to jsonata: called with `new` on each regex literal evaluation; returning
 * a real RegExp keeps V8's fast paths.
 */
function SafeRegexEngine(pattern: RegExp): RegExp {
  assertSafeRegex(pattern);
  return new RegExp(pattern);
}

export const safeRegexEngine = SafeRegexEngine as unknown as RegExpConstructor;
