import type { DefinitionIssue } from '../../engine/definition/definition-issue.ts';
import { Refusal } from '../../contracts/refusal.ts';
import { resolveVariableValues } from '../../templates/variable-values.ts';
import type { Pack } from '../load-pack.ts';

/**
 * Parses CLI `--set key=value` pairs. A value is text, unless the variable's default is a number,
 * boolean, list or mapping: then it is read as JSON (so `--set retries=3` stays a number).
 */
export function parseSetOptions(pairs: readonly string[], pack: Pack): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Refusal(400, 'invalid_variable', `--set ${pair}: expected name=value, e.g. --set ${pack.variables[0]?.name ?? 'name'}=value`);
    const name = pair.slice(0, at);
    const text = pair.slice(at + 1);
    const declared = pack.variables.find((v) => v.name === name);
    if (declared?.default === undefined || typeof declared.default === 'string') {
      values[name] = text;
      continue;
    }
    try {
      values[name] = JSON.parse(text);
    } catch {
      throw new Refusal(400, 'invalid_variable', `--set ${name}: the default of "${name}" is ${JSON.stringify(declared.default)}, so the value is read as JSON, and ${JSON.stringify(text)} is not JSON`);
    }
  }
  return values;
}

/**
 * The value of every pack variable: the given one, else its default. An unknown name or a required
 * variable without a value is refused (422), naming each variable and how to give it.
 */
export function importVariables(pack: Pack, given: Record<string, unknown>): Record<string, unknown> {
  const { values, unknown, missing } = resolveVariableValues(pack.variables, given);
  const declared = pack.variables.map((v) => v.name).join(', ') || 'no variables';
  const issues: DefinitionIssue[] = [
    ...unknown.map((name) => ({ path: `variables.${name}`, message: `unknown variable: pack "${pack.id}" declares ${declared}` })),
    ...missing.map((v) => ({ path: `variables.${v.name}`, message: `required (${v.description}); give it with --set ${v.name}=<value> or "variables": { "${v.name}": … }` })),
  ];
  if (issues.length > 0) {
    throw new Refusal(422, 'validation_failed', `cannot import pack "${pack.id}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return values;
}
