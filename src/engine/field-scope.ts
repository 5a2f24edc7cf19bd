import type { StepType } from './step-type.ts';

/** `headers` of `headers.Authorization`, `cases` of `cases[0].when`. */
function topField(field: string): string {
  return /^[^.[]*/.exec(field)![0];
}

/** Whether a `with` field is one the step type sends to another system, and so may read secrets. */
export function mayReadSecrets(type: StepType, field: string): boolean {
  return type.secretFields?.includes(topField(field)) ?? false;
}

/**
 * The expression scope for one `with` field: `secrets` is there only for the step type's `secretFields`
 * (what it sends to another system), so a template anywhere else cannot read them even if it slipped
 * past the save-time check.
 */
export function fieldScope(
  type: StepType,
  field: string,
  scope: Record<string, unknown>,
  secrets: Record<string, string>,
): Record<string, unknown> {
  return mayReadSecrets(type, field) ? { ...scope, secrets } : scope;
}
