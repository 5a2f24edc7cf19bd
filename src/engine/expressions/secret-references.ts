import { compileExpression } from './compile.ts';
import { appendPath } from './path.ts';
import { isTemplateContainer, parseTemplate } from './template.ts';

/**
 * Finds where an expression may read `secrets`, from its parsed form rather than its text, so that
 * `secrets.X`, `secrets["X"]`, `$lookup(secrets, "X")`, `$secrets`, `$$.secrets`, and anything that
 * hands over the whole scope (`$keys($$)`, `$string($)`, a top-level `*` or `**`, `%`) are all found.
 *
 * The walk tracks whether an expression is evaluated against the scope itself (the "root": a template's
 * top level, function arguments and blocks there) or against data reached from it (`trigger.body[...]`):
 * a name `secrets` only reads the secrets at the root. Anything that yields the root (`$$`, `$` at the
 * root, `%`) is accepted only when the next path step names another top-level field (`$$.trigger`).
 * When unsure, it reports: a refused template can be rewritten, a leaked secret cannot be taken back.
 */
type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A node whose value is the whole scope (or may be), so every top-level name, `secrets` too. */
function rootValued(node: Node, atRoot: boolean): string | null {
  if (node.type === 'variable' && node.value === '$') return '$$';
  if (node.type === 'variable' && node.value === '' && atRoot) return '$';
  if (node.type === 'parent') return '%';
  if (node.type === 'wildcard' && atRoot) return '*';
  if (node.type === 'descendant' && atRoot) return '**';
  return null;
}

const STEP_EXTRAS = ['stages', 'predicate', 'group', 'focus', 'index'] as const;

function hasExtras(node: Node): boolean {
  return STEP_EXTRAS.some((key) => node[key] !== undefined);
}

/** What the expression uses to read secrets, e.g. `secrets` or `$$`; null when it cannot reach them. */
function findInNode(node: unknown, atRoot: boolean): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findInNode(item, atRoot);
      if (found) return found;
    }
    return null;
  }
  if (!isNode(node)) return null;
  if (node.type === 'variable' && node.value === 'secrets') return '$secrets';
  if (node.type === 'name' && node.value === 'secrets' && atRoot) return 'secrets';
  if (node.type === 'path' && Array.isArray(node.steps)) return findInPath(node, atRoot);
  const root = rootValued(node, atRoot);
  if (root) return root;
  return findInChildren(node, atRoot);
}

/** Keys of a parsed node that hold bookkeeping, not sub-expressions. */
const NOT_EXPRESSIONS = new Set(['signature', 'ancestor', 'slot', 'tuple', 'position']);

/**
 * Walks a node's sub-expressions. A step's stages, predicate and group see the step's items, which are
 * not the root unless the step itself is (and then it has been reported already).
 */
function findInChildren(node: Node, atRoot: boolean, skip?: string): string | null {
  for (const [key, child] of Object.entries(node)) {
    if (NOT_EXPRESSIONS.has(key) || key === skip) continue;
    const childAtRoot = (STEP_EXTRAS as readonly string[]).includes(key) ? false : atRoot;
    const found = findInNode(child, childAtRoot);
    if (found) return found;
  }
  return null;
}

function findInPath(path: Node, atRoot: boolean): string | null {
  const steps = path.steps as unknown[];
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    if (!isNode(step)) continue;
    // Only the first step is evaluated against the path's own context; later ones see what it reached.
    const stepAtRoot = index === 0 ? atRoot : false;
    const root = rootValued(step, stepAtRoot);
    if (root) {
      const next = steps[index + 1];
      // `$$.trigger` reaches one top-level field; `*.A` and `**.A` still search every one, secrets too.
      const enumerates = step.type === 'wildcard' || step.type === 'descendant';
      const named = !enumerates && !hasExtras(step) && isNode(next) && next.type === 'name';
      if (named && next.value === 'secrets') return 'secrets';
      if (!named) return root;
      continue;
    }
    if (step.type === 'variable' && step.value === 'secrets') return '$secrets';
    if (step.type === 'name' && step.value === 'secrets' && stepAtRoot) return 'secrets';
    const found = step.type === 'name' ? findInChildren(step, false) : findInNode(step, stepAtRoot);
    if (found) return found;
  }
  // The path's own group and stages apply to what it reached.
  return findInChildren(path, false, 'steps');
}

/** How one expression may reach secrets (e.g. `secrets`, `$$`), or null. Unparsable text counts as no use. */
export function secretReferenceIn(source: string): string | null {
  const compiled = compileExpression(source);
  if (!compiled.ok) return null;
  return findInNode(compiled.expression.ast(), true);
}

export interface SecretReference {
  /** basePath plus nested keys and indices, e.g. `steps[1].with.set.token`. */
  path: string;
  /** The expression that reaches secrets. */
  expression: string;
  /** What in it does: `secrets`, `$secrets`, `$$`, `$`, `*`, `**` or `%`. */
  via: string;
}

function walk(value: unknown, path: string, found: SecretReference[]): void {
  if (typeof value === 'string') {
    for (const part of parseTemplate(value).parts) {
      if (part.kind !== 'expression') continue;
      const via = secretReferenceIn(part.source);
      if (via) found.push({ path, expression: part.source, via });
    }
  } else if (isTemplateContainer(value)) {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, appendPath(path, index), found));
    else for (const key of Object.keys(value)) walk(value[key], appendPath(path, key), found);
  }
}

/** Every template in value (deep) that may read secrets, with its path. */
export function findSecretReferences(value: unknown, basePath: string): SecretReference[] {
  const found: SecretReference[] = [];
  walk(value, basePath, found);
  return found;
}
