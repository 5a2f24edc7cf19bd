import { findSecretReferences, type SecretReference } from '../expressions/secret-references.ts';
import type { StepRegistry } from '../step-registry.ts';
import type { StepType } from '../step-type.ts';
import { joinPath, type DefinitionIssue } from './definition-issue.ts';

/** `http: url, headers; slack: webhookUrl`: where the registered step types accept secrets. */
export function secretFieldCatalogue(registry: StepRegistry): string {
  const entries = registry
    .names()
    .map((name) => registry.get(name)!)
    .filter((type) => (type.secretFields?.length ?? 0) > 0)
    .map((type) => `${type.type} ${type.secretFields!.join(', ')}`);
  return entries.length > 0 ? entries.join('; ') : 'no registered step type sends to another system';
}

function describe(reference: SecretReference): string {
  const template = `"{{ ${reference.expression} }}"`;
  if (reference.via === 'secrets' || reference.via === '$secrets') return `${template} reads a secret`;
  return `${template} reads the whole scope through "${reference.via}", secrets included`;
}

function issue(reference: SecretReference, where: string, catalogue: string): DefinitionIssue {
  return {
    path: reference.path,
    message: `${describe(reference)} ${where}, where its value could be stored or returned; secrets may only be used in fields sent to another system (${catalogue})`,
  };
}

/**
 * Refuses templates that may read `secrets` outside the step type's `secretFields`. Nested step lists
 * are left to their own steps.
 */
export function checkStepSecrets(
  type: StepType<any>,
  stepId: unknown,
  withValue: Record<string, unknown>,
  withPath: string,
  registry: StepRegistry,
): DefinitionIssue[] {
  const allowed = new Set([...(type.secretFields ?? []), ...(type.blockFields ?? [])]);
  const found = Object.entries(withValue)
    .filter(([field]) => !allowed.has(field))
    .flatMap(([field, value]) => findSecretReferences(value, joinPath(withPath, [field])));
  if (found.length === 0) return [];
  const catalogue = secretFieldCatalogue(registry);
  const step = typeof stepId === 'string' ? `step "${stepId}"` : 'this step';
  return found.map((reference) => issue(reference, `in ${step} (${type.type})`, catalogue));
}

/** Refuses templates in `vars` that may read `secrets`. */
export function checkVarsSecrets(vars: Record<string, unknown>, registry: StepRegistry): DefinitionIssue[] {
  const found = findSecretReferences(vars, 'vars');
  if (found.length === 0) return [];
  const catalogue = secretFieldCatalogue(registry);
  return found.map((reference) => issue(reference, 'in vars', catalogue));
}
