import type { StepDefinition, WorkflowDefinition } from '../contracts/workflow.ts';

export interface DiagramNode {
  id: string;
  /** `trigger`, or the step type. */
  kind: string;
  label: string;
  /** The for-each step whose block holds this step. */
  parent?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** A branch condition, `default`, `next` or `each item`; absent for falling through to the following step. */
  label?: string;
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

function triggerLabel(trigger: WorkflowDefinition['trigger']): string {
  switch (trigger.type) {
    case 'webhook':
      return `Webhook POST /${trigger.path}`;
    case 'form':
      return `Form ${trigger.title ?? trigger.path}`;
    case 'schedule':
      return `Schedule ${trigger.cron} (${trigger.timezone})`;
    default:
      return 'Run manually';
  }
}

function blockOf(step: StepDefinition): StepDefinition[] | undefined {
  const steps = step.type === 'for-each' ? step.with?.steps : undefined;
  return Array.isArray(steps) ? (steps as StepDefinition[]) : undefined;
}

function addList(steps: readonly StepDefinition[], parent: string | undefined, diagram: Diagram): void {
  const ids = new Set(steps.map((s) => s.id));
  steps.forEach((step, index) => {
    diagram.nodes.push({ id: step.id, kind: step.type, label: step.name ?? step.id, ...(parent ? { parent } : {}) });
    const jump = (to: unknown, label: string) => {
      if (typeof to === 'string' && ids.has(to)) diagram.edges.push({ from: step.id, to, label });
    };
    if (step.type === 'branch') {
      const cases = step.with?.cases;
      if (Array.isArray(cases)) for (const c of cases as { when?: unknown; goto?: unknown }[]) jump(c.goto, typeof c.when === 'string' ? c.when : 'case');
      jump(step.with?.default, 'default');
    }
    const block = blockOf(step);
    if (block && block.length > 0) {
      diagram.edges.push({ from: step.id, to: block[0].id, label: 'each item' });
      addList(block, step.id, diagram);
    }
    // Nothing follows stop/fail, nor a branch with a default (it always jumps).
    if (step.type === 'stop' || step.type === 'fail' || (step.type === 'branch' && step.with?.default !== undefined)) return;
    if (step.next !== undefined) jump(step.next, 'next');
    else if (index + 1 < steps.length) diagram.edges.push({ from: step.id, to: steps[index + 1].id });
  });
}

/** Nodes (the trigger and every step, nested ones with their for-each parent) and edges derived from the steps. */
export function diagramOf(definition: WorkflowDefinition): Diagram {
  const diagram: Diagram = { nodes: [{ id: 'trigger', kind: 'trigger', label: triggerLabel(definition.trigger) }], edges: [] };
  if (definition.steps.length > 0) diagram.edges.push({ from: 'trigger', to: definition.steps[0].id });
  addList(definition.steps, undefined, diagram);
  return diagram;
}
