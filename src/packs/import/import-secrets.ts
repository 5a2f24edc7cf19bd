import type { DefinitionIssue } from '../../engine/definition/definition-issue.ts';
import { Refusal } from '../../contracts/refusal.ts';
import { RESERVED_SECRET_NAMES, secretNameProblem, secretValueProblem } from '../../secrets/secret-store.ts';
import { referencesIn } from '../../templates/load-templates.ts';
import type { Pack } from '../load-pack.ts';
import type { SecretPlan } from './import-plan.ts';

/** Every secret the pack's workflows read (`{{ secrets.NAME }}`), by name. */
export function packSecretNames(pack: Pack): string[] {
  const names = new Set<string>();
  for (const w of pack.workflows) for (const name of referencesIn(w.definition, '').secrets.keys()) names.add(name);
  return [...names].sort();
}

/**
 * Refuses (422, each problem at `secrets.NAME`) secret values given with an import for secrets the pack
 * does not read, reserved names, and names or values the secret store would refuse. Messages name the
 * secret, never its value.
 */
export function checkImportSecrets(pack: Pack, given: Record<string, string>): void {
  const read = new Set(packSecretNames(pack));
  const issues: DefinitionIssue[] = [];
  for (const [name, value] of Object.entries(given)) {
    const path = `secrets.${name}`;
    const nameProblem = secretNameProblem(name);
    if (nameProblem) issues.push({ path, message: nameProblem });
    else if (RESERVED_SECRET_NAMES.has(name)) issues.push({ path, message: `secret name "${name}" is reserved: Levqor manages it and no workflow reads it` });
    else if (!read.has(name)) {
      issues.push({ path, message: `pack "${pack.id}" does not use secret "${name}"; its workflows read ${read.size > 0 ? [...read].join(', ') : 'no secrets'} (set other secrets with PUT /api/v1/secrets/<name>)` });
    }
    const valueProblem = secretValueProblem(value);
    if (valueProblem) issues.push({ path, message: `secret "${name}": ${valueProblem}` });
  }
  if (issues.length > 0) {
    throw new Refusal(422, 'validation_failed', `cannot import pack "${pack.id}" with these secrets; nothing was changed: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
}

/**
 * What the import does with each secret the pack reads: a given value is created, or replaces an existing
 * secret only with `overwrite` (else the existing one is kept); without a value a secret is present or
 * missing (runs that read it fail until it is created).
 */
export function planSecrets(read: readonly string[], existing: ReadonlySet<string>, given: ReadonlySet<string>, overwrite: boolean): SecretPlan[] {
  return read.map((name) => {
    const present = existing.has(name);
    let status: SecretPlan['status'];
    if (!given.has(name)) status = present ? 'present' : 'missing';
    else if (!present) status = 'create';
    else status = overwrite ? 'replace' : 'kept';
    return { name, present, status };
  });
}

/** How the plan and the progress lines word each secret's status. */
export const SECRET_STATUS_WORDS: Record<SecretPlan['status'], string> = {
  present: 'present',
  missing: 'missing',
  create: 'will be created',
  replace: 'will be replaced',
  kept: 'kept (it exists; give overwrite_secrets: true, or --overwrite-secrets, to replace it)',
};
