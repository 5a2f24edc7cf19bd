const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** Appends one key or index to a path: `with` + `headers` → `with.headers`, `items` + 3 → `items[3]`. */
export function appendPath(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (!PLAIN_KEY.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** A path built lazily: only formatted when an error needs it. */
export interface PathNode {
  parent: PathNode | undefined;
  segment: string | number;
}

export function formatPath(base: string, node: PathNode | undefined): string {
  const segments: (string | number)[] = [];
  for (let current = node; current !== undefined; current = current.parent) segments.push(current.segment);
  let path = base;
  for (let i = segments.length - 1; i >= 0; i--) path = appendPath(path, segments[i]);
  return path;
}
