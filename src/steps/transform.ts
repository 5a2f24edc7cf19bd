import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Why a dotted field path cannot be used, or null: the one rule for saving and running. */
function fieldPathProblem(path: string): string | null {
  const keys = path.split('.');
  if (keys.every((key) => key !== '' && !FORBIDDEN.has(key))) return null;
  return `"${path}" is not a usable field path: join names with "." (none empty, none of __proto__, prototype, constructor)`;
}

const fieldPath = z.string().min(1).check((ctx) => {
  const problem = fieldPathProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
});

/** An object whose keys are field paths; a bad key is reported on the object (its value may be a template). */
function keyedByFieldPath<T extends z.ZodType>(values: T) {
  return z.record(z.string(), values).check((ctx) => {
    for (const key of Object.keys(ctx.value)) {
      const problem = fieldPathProblem(key);
      if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
    }
  });
}

const schema = z.strictObject({
  /** Starting object; default empty. */
  from: z.record(z.string(), z.unknown()).default({}),
  /** Rename fields: `{ oldName: newName }`. */
  rename: keyedByFieldPath(fieldPath).default({}),
  /** Keep only these fields (dotted paths allowed). */
  pick: z.array(fieldPath).optional(),
  /** Drop these fields (dotted paths allowed). */
  omit: z.array(fieldPath).default([]),
  /** Set fields (dotted keys create nested objects); applied last, so it wins. */
  set: keyedByFieldPath(z.unknown()).default({}),
});

export const transformStep: StepType<z.infer<typeof schema>> = {
  type: 'transform',
  description: 'Build an object: start from `from`, rename, pick or omit fields, then set new ones.',
  sideEffect: false,
  schema,
  async run(input) {
    let result: Record<string, unknown> = structuredClone(input.from);
    for (const [from, to] of Object.entries(input.rename)) {
      const value = getPath(result, from);
      if (value === undefined) continue;
      deletePath(result, from);
      setPath(result, to, value);
    }
    if (input.pick) {
      const picked: Record<string, unknown> = {};
      for (const path of input.pick) {
        const value = getPath(result, path);
        if (value !== undefined) setPath(picked, path, value);
      }
      result = picked;
    }
    for (const path of input.omit) deletePath(result, path);
    for (const [path, value] of Object.entries(input.set)) setPath(result, path, value);
    return { output: result };
  },
};

function parts(path: string): string[] {
  const problem = fieldPathProblem(path);
  if (problem) throw new Error(problem);
  return path.split('.');
}

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let current: unknown = obj;
  for (const key of parts(path)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = parts(path);
  let current = obj;
  for (const key of keys.slice(0, -1)) {
    const child = current[key];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1]] = value;
}

function deletePath(obj: Record<string, unknown>, path: string): void {
  const keys = parts(path);
  let current: unknown = obj;
  for (const key of keys.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return;
    current = (current as Record<string, unknown>)[key];
  }
  if (current !== null && typeof current === 'object') delete (current as Record<string, unknown>)[keys[keys.length - 1]];
}
