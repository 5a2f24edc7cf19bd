import type { DefinitionIssue } from './definition-issue.ts';

/** What the graph checks need to know about one step of a list. */
export interface GraphStep {
  id: string | undefined;
  path: string;
  /** The raw `next` field. */
  next: unknown;
  /** `stop`/`fail`: nothing runs after it. */
  endsFlow: boolean;
  /** Branch targets, each with the path of the field naming it. */
  jumps: { target: string; path: string }[];
}

interface Edge {
  from: number;
  to: number;
  /** Field that names the target; undefined for falling through to the following step. */
  path: string | undefined;
}

const END = 'end';

function unknownTargetIssues(steps: readonly GraphStep[], ids: ReadonlyMap<string, number>): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const step of steps) {
    if (typeof step.next === 'string' && step.next !== END && !ids.has(step.next)) {
      issues.push({ path: `${step.path}.next`, message: `unknown step "${step.next}"` });
    }
    const reported = new Set<string>();
    for (const jump of step.jumps) {
      if (jump.target === END || ids.has(jump.target) || reported.has(jump.target)) continue;
      reported.add(jump.target);
      issues.push({ path: jump.path, message: `unknown step "${jump.target}"` });
    }
  }
  return issues;
}

/** A step's successors: its branch targets plus its `next`, or else the following step (none after stop/fail). */
function successorEdges(steps: readonly GraphStep[], ids: ReadonlyMap<string, number>): Edge[][] {
  return steps.map((step, from) => {
    const edges: Edge[] = [];
    for (const jump of step.jumps) {
      const to = ids.get(jump.target);
      if (to !== undefined) edges.push({ from, to, path: jump.path });
    }
    if (step.endsFlow) return edges;
    const to = typeof step.next === 'string' ? ids.get(step.next) : undefined;
    if (to !== undefined) edges.push({ from, to, path: `${step.path}.next` });
    // An unknown `next` is reported already; falling through avoids follow-on "unreachable" noise.
    else if (step.next !== END && from + 1 < steps.length) {
      edges.push({ from, to: from + 1, path: undefined });
    }
    return edges;
  });
}

function unreachableIssues(steps: readonly GraphStep[], edges: readonly Edge[][]): DefinitionIssue[] {
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    for (const edge of edges[queue.shift()!]) {
      if (!reached.has(edge.to)) {
        reached.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return steps
    .filter((_, index) => !reached.has(index))
    .map((step) => ({ path: step.path, message: 'unreachable: no path from the first step leads here' }));
}

function cycleIssues(steps: readonly GraphStep[], edges: readonly Edge[][]): DefinitionIssue[] {
  const issues = new Map<string, DefinitionIssue>();
  const state = new Array<'new' | 'open' | 'done'>(steps.length).fill('new');
  const trail: Edge[] = [];
  const name = (index: number) => steps[index].id ?? steps[index].path;

  const report = (closing: Edge) => {
    const start = closing.from === closing.to ? trail.length : trail.findIndex((edge) => edge.from === closing.to);
    const cycle = [...trail.slice(start), closing];
    // Falling through only moves forward, so every cycle holds a written jump back; report that one.
    const backIndex = cycle.findIndex((edge) => edge.path !== undefined && edge.to <= edge.from);
    const back = cycle[backIndex];
    if (back?.path === undefined || issues.has(back.path)) return;
    const ordered = [...cycle.slice(backIndex + 1), ...cycle.slice(0, backIndex + 1)];
    const names = [name(back.to), ...ordered.map((edge) => name(edge.to))].join(' → ');
    issues.set(back.path, {
      path: back.path,
      message: `creates a cycle (${names}); repeat work with a for-each step instead`,
    });
  };

  const visit = (index: number) => {
    state[index] = 'open';
    for (const edge of edges[index]) {
      if (state[edge.to] === 'open') report(edge);
      else if (state[edge.to] === 'new') {
        trail.push(edge);
        visit(edge.to);
        trail.pop();
      }
    }
    state[index] = 'done';
  };

  for (let index = 0; index < steps.length; index++) if (state[index] === 'new') visit(index);
  return [...issues.values()];
}

/** Checks one list of sibling steps: jump targets exist, every step can run, no step leads back to itself. */
export function checkStepGraph(steps: readonly GraphStep[]): DefinitionIssue[] {
  if (steps.length === 0) return [];
  const ids = new Map<string, number>();
  steps.forEach((step, index) => {
    if (step.id !== undefined && step.id !== END && !ids.has(step.id)) ids.set(step.id, index);
  });
  const edges = successorEdges(steps, ids);
  return [...unknownTargetIssues(steps, ids), ...unreachableIssues(steps, edges), ...cycleIssues(steps, edges)];
}
