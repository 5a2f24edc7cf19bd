import { regexProblem } from './regex-engine.ts';

/**
 * Prepares a parsed expression and checks it beyond syntax; returns the first problem found, or null.
 * - Marks the callee of each call (`levqorCallee`): jsonata writes `token`/`position` onto whatever
 *   object it is about to call, so calling a data object (`vars("x")`) would modify the input; the
 *   exit hook refuses a non-function callee before that happens.
 * - `$clone` may not be rebound: the `~> | |` transform calls whatever `$clone` names, and an identity
 *   function there would make the transform modify the workflow's input data in place.
 * - `$eval(...)` is refused up front (it is disabled at run time too).
 * - regular expression literals must be safe to run (see regex-engine.ts).
 */
type Node = Record<string, unknown>;

const RESERVED = 'clone';

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function problemAt(node: Node): string | null {
  const type = node.type;
  const variable = (value: unknown): string | undefined =>
    isNode(value) && value.type === 'variable' && typeof value.value === 'string' ? value.value : undefined;
  if (type === 'bind' && variable(node.lhs) === RESERVED) return '$clone cannot be redefined';
  if (type === 'lambda' && Array.isArray(node.arguments) && node.arguments.some((arg) => variable(arg) === RESERVED)) {
    return '$clone cannot be used as a parameter name';
  }
  if (node.focus === RESERVED || node.index === RESERVED) return '$clone cannot be redefined';
  if ((type === 'function' || type === 'partial') && variable(node.procedure) === 'eval') return 'the $eval function is not available';
  if (type === 'regex' && node.value instanceof RegExp) return regexProblem(node.value.source, node.value.flags);
  return null;
}

export function prepareAst(ast: unknown): string | null {
  const seen = new Set<object>();
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isNode(current) || seen.has(current) || current instanceof RegExp) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    const problem = problemAt(current);
    if (problem !== null) return problem;
    if ((current.type === 'function' || current.type === 'partial') && isNode(current.procedure)) current.procedure.levqorCallee = true;
    for (const key of Object.keys(current)) {
      if (key !== 'signature') stack.push(current[key]);
    }
  }
  return null;
}
