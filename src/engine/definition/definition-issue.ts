/** One problem in a workflow definition, e.g. `{ path: 'steps[2].with.url', message: 'required' }`. */
export interface DefinitionIssue {
  path: string;
  message: string;
}

/** `path: message` lines, or the bare message for problems with the definition as a whole. */
export function formatIssues(issues: readonly DefinitionIssue[]): string[] {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** Appends segments to a path: `joinPath('steps[2]', ['with', 'url'])` → `steps[2].with.url`. */
export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else {
      const key = String(segment);
      if (!PLAIN_KEY.test(key)) path += `[${JSON.stringify(key)}]`;
      else path += path ? `.${key}` : key;
    }
  }
  return path;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
