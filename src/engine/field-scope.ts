import type { StepType } from './step-type.ts';

/** `headers` of `headers.Authorization`, `cases` of `cases[0].when`. */
function topField(field: string): string {
  return /^[^.[]*/.exec(field)![0];
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
  return type.secretFields?.includes(topField(field)) ? { ...scope, secrets } : scope;
}
