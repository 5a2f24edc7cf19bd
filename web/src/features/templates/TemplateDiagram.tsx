import type { TemplateDetail } from './useTemplates.ts';

type Diagram = TemplateDetail['diagram'];
type Node = Diagram['nodes'][number];

/** A branch condition without its `{{ }}`: the expression itself. */
const condition = (label: string) => label.replace(/^\{\{\s*/, '').replace(/\s*\}\}$/, '');

/** Edges worth spelling out: jumps and branches (falling through to the next step is the arrow between boxes). */
function jumpsFrom(diagram: Diagram, node: Node, following: Node | undefined) {
  return diagram.edges.filter((e) => e.from === node.id && (e.label !== undefined || e.to !== following?.id) && e.label !== 'each item');
}

function StepList({ diagram, parent, labelOf }: { diagram: Diagram; parent: string | undefined; labelOf: (id: string) => string }) {
  const nodes = diagram.nodes.filter((n) => n.parent === parent && n.id !== (parent ?? ''));
  return (
    <ol className="lq-flow">
      {nodes.map((node, index) => {
        const children = diagram.nodes.some((n) => n.parent === node.id);
        const following = nodes[index + 1];
        const jumps = jumpsFrom(diagram, node, following);
        const flowsOn = diagram.edges.some((e) => e.from === node.id && e.label === undefined && e.to === following?.id);
        return (
          <li key={node.id} className="lq-flow-step" data-kind={node.kind === 'trigger' ? 'trigger' : undefined} data-flows={flowsOn || undefined}>
            <div className="lq-flow-box">
              <span className="lq-chip">{node.kind}</span>
              <span className="lq-flow-label">{node.label}</span>
            </div>
            {!flowsOn && jumps.length === 0 && following && <p className="lq-flow-jumps">↳ the run ends here</p>}
            {jumps.length > 0 && (
              <ul className="lq-flow-jumps" aria-label={`From ${node.label}`}>
                {jumps.map((edge) => (
                  <li key={`${edge.to}-${edge.label ?? ''}`}>
                    <span aria-hidden="true">↳ </span>
                    {edge.label === 'default' ? 'otherwise' : edge.label === 'next' ? 'then' : edge.label ? `when ${condition(edge.label)}` : 'then'} go to <strong>{labelOf(edge.to)}</strong>
                  </li>
                ))}
              </ul>
            )}
            {children && (
              <div className="lq-flow-block">
                <p className="lq-muted">For each item:</p>
                <StepList diagram={diagram} parent={node.id} labelOf={labelOf} />
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The template's workflow as an ordered list of boxes joined by arrows: readable as a list without the picture. */
export function TemplateDiagram({ diagram }: { diagram: Diagram }) {
  const labels = new Map(diagram.nodes.map((n) => [n.id, n.label]));
  return (
    <figure className="lq-diagram" aria-label="Workflow diagram">
      <StepList diagram={diagram} parent={undefined} labelOf={(id) => labels.get(id) ?? id} />
    </figure>
  );
}
