import { ApiFailure } from '../api/client.ts';

/** The form field of a secret: `secrets.NAME`, the path the server's errors name. */
export const secretField = (name: string) => `secrets.${name}`;

/**
 * The server's refusal as messages per field: `validation_failed` details carry a `path` (vars.x, variables.x), and
 * `missing_secrets` details name each secret the workspace lacks.
 */
export function fieldErrorsOf(failure: unknown): Record<string, string> {
  if (!(failure instanceof ApiFailure) || !Array.isArray(failure.details)) return {};
  const errors: Record<string, string> = {};
  for (const detail of failure.details as { path?: unknown; message?: unknown; name?: unknown }[]) {
    if (typeof detail.path === 'string' && typeof detail.message === 'string') errors[detail.path] = detail.message;
    else if (failure.code === 'missing_secrets' && typeof detail.name === 'string') errors[secretField(detail.name)] = `The workspace has no secret ${detail.name} yet: enter its value.`;
  }
  return errors;
}


/** The message above a refused form: the server's own, unless each problem already shows next to a field of the form. */
export function refusalMessage(failure: unknown, fields: Record<string, string>, shownFields: readonly string[]): string {
  const problems = Object.keys(fields);
  if (problems.length > 0 && problems.every((field) => shownFields.includes(field))) return 'Please correct the fields marked below.';
  return failure instanceof Error ? failure.message : String(failure);
}
