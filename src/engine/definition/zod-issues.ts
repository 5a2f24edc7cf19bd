import type { z } from 'zod';
import { joinPath, type DefinitionIssue } from './definition-issue.ts';

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = { record: 'object', int: 'integer', nan: 'number' };

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function describeValue(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return typeof input;
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value) ?? String(value)).join(', ');
}

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? `must be ${quoteAll(values)}` : `must be one of ${quoteAll(values)}`;
}

function isRootTypeIssue(issue: ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

function sizeMessage(issue: RawIssue & { code: 'too_small' | 'too_big' }): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
  switch (issue.origin) {
    case 'string':
      if (small && Number(limit) === 1) return 'must not be empty';
      return `must be at ${small ? 'least' : 'most'} ${limit} characters`;
    case 'array':
    case 'set':
      if (small && Number(limit) === 1) return 'must not be empty';
      return `must have at ${small ? 'least' : 'most'} ${limit} items`;
    default:
      if (issue.inclusive === false) return `must be ${small ? 'greater' : 'less'} than ${limit}`;
      return `must be at ${small ? 'least' : 'most'} ${limit}`;
  }
}

/** Per-parse zod error map with short messages. Messages written on a schema still win over it. */
export const humanErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'int') return 'must be a whole number';
      return `expected ${typeName(issue.expected)}, received ${describeValue(issue.input)}`;
    case 'invalid_value':
      return oneOf(issue.values);
    case 'invalid_union': {
      if (issue.discriminator !== undefined && issue.errors.length === 0) {
        const tag = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return tag === undefined ? 'required' : oneOf((issue as { options?: unknown[] }).options ?? []);
      }
      if (issue.input === undefined) return 'required';
      const branches = issue.errors;
      if (branches.length > 0 && branches.every((branch) => branch.some(isRootTypeIssue))) {
        const expected = branches.flatMap((branch) => branch.filter(isRootTypeIssue).map((i) => typeName((i as { expected: string }).expected)));
        return `expected ${[...new Set(expected)].join(' or ')}, received ${describeValue(issue.input)}`;
      }
      return 'does not match any allowed form';
    }
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown field "${key}"`).join(', ');
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid value';
    default:
      return undefined;
  }
};

/** Tells which issue locations (relative to the parsed value) to ignore. */
export type SkipPath = (path: readonly PropertyKey[]) => boolean;

interface Located {
  path: PropertyKey[];
  message: string;
  code: string;
}

function collect(issue: ZodIssue, prefix: readonly PropertyKey[], skip: SkipPath, out: Located[]): void {
  const path = [...prefix, ...issue.path];
  if (skip(path)) return;
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push({ path, message: `unknown field "${key}"`, code: issue.code });
    return;
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.map((branch) => {
      const found: Located[] = [];
      for (const inner of branch) collect(inner, path, skip, found);
      return found;
    });
    // A branch whose only problems sit in skipped places (run-time templates) may still match.
    if (branches.some((found) => found.length === 0)) return;
    // Report the one branch of the right shape in detail rather than "does not match".
    const close = branches.filter((found) =>
      found.every((i) => i.code !== 'invalid_value' && !(i.code === 'invalid_type' && i.path.length === path.length)),
    );
    if (close.length === 1) {
      out.push(...close[0]);
      return;
    }
  }
  out.push({ path, message: issue.message, code: issue.code });
}

/** Maps zod issues to definition issues under `basePath`, dropping those `skip` rejects. */
export function toDefinitionIssues(issues: readonly ZodIssue[], basePath: string, skip: SkipPath = () => false): DefinitionIssue[] {
  const located: Located[] = [];
  for (const issue of issues) collect(issue, [], skip, located);
  return located.map((issue) => ({ path: joinPath(basePath, issue.path), message: issue.message }));
}
