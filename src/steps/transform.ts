import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

const schema = z.strictObject({
  /** Starting object; default empty. */
  from: z.record(z.string(), z.unknown()).default({}),
  /** Rename fields: `{ oldName: newName }`. */
  rename: z.record(z.string(), z.string().min(1)).default({}),
  /** Keep only these fields (dotted paths allowed). */
  pick: z.array(z.string().min(1)).optional(),
  /** Drop these fields (dotted paths allowed). */
  omit: z.array(z.string().min(1)).default([]),
  /** Set fields (dotted keys create nested objects); applied last, so it wins. */
  set: z.record(z.string(), z.unknown()).default({}),
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

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

function parts(path: string): string[] {
  const keys = path.split('.');
  if (keys.some((k) => FORBIDDEN.has(k) || k === '')) throw new Error(`field path "${path}" is not allowed`);
  return keys;
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
