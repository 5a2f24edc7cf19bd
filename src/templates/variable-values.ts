/** A value a template or pack declares for its workflows to read as `{{ vars.X }}`. */
export interface DeclaredVariable {
  name: string;
  description: string;
  required: boolean;
  default?: unknown;
}

export interface VariableValues {
  /** The given value, else the default; variables with neither are left out. */
  values: Record<string, unknown>;
  /** Given names nothing declares. */
  unknown: string[];
  /** Required variables with no value (undefined, null and "" count as none). */
  missing: DeclaredVariable[];
}

/** Resolves the values of declared variables from the caller's; each caller words its own errors. */
export function resolveVariableValues(declared: readonly DeclaredVariable[], given: Record<string, unknown>): VariableValues {
  const names = new Set(declared.map((v) => v.name));
  const result: VariableValues = { values: {}, unknown: Object.keys(given).filter((name) => !names.has(name)), missing: [] };
  for (const v of declared) {
    const value = given[v.name] ?? v.default;
    if (value === undefined || value === null || value === '') {
      if (v.required) result.missing.push(v);
      continue;
    }
    result.values[v.name] = value;
  }
  return result;
}
