import type { ImportResult } from './usePacks.ts';

type Plan = NonNullable<ImportResult['plan']>;

const ACTIONS: Record<string, string> = { create: 'create', add_columns: 'add columns', update: 'update', unchanged: 'unchanged' };
const SECRET_STATUS: Record<string, string> = { present: 'already set', missing: 'missing', create: 'will be created', replace: 'will be replaced', kept: 'kept (already set)' };

/** What an import does, before it does it: tables, workflows, endpoints and the secrets the workflows read. */
export function ImportPlan({ plan }: { plan: Plan }) {
  return (
    <section className="lq-plan" aria-label="Import plan">
      <h3>
        Plan for {plan.pack?.name} {plan.pack?.version}
      </h3>
      <table className="lq-table">
        <caption className="lq-visually-hidden">Changes</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {(plan.tables ?? []).map((t) => (
            <tr key={`table-${t.name}`}>
              <td>Data table</td>
              <td className="lq-mono">{t.name}</td>
              <td>{ACTIONS[t.action ?? ''] ?? t.action}</td>
            </tr>
          ))}
          {(plan.workflows ?? []).map((w) => (
            <tr key={`workflow-${w.id}`}>
              <td>Workflow</td>
              <td>{w.name}</td>
              <td>
                {ACTIONS[w.action ?? ''] ?? w.action}
                {w.replaces && <span className="lq-muted"> (replaces a definition edited since the last import)</span>}
              </td>
            </tr>
          ))}
          {(plan.endpoints ?? []).map((e) => (
            <tr key={`endpoint-${e.method}-${e.path}`}>
              <td>Endpoint</td>
              <td className="lq-mono">
                {e.method} {e.url ?? e.path}
              </td>
              <td>answers when active</td>
            </tr>
          ))}
          {(plan.secrets ?? []).map((s) => (
            <tr key={`secret-${s.name}`}>
              <td>Secret</td>
              <td className="lq-mono">{s.name}</td>
              <td>
                <span className="lq-badge" data-tone={s.status === 'missing' ? 'warning' : undefined}>
                  {SECRET_STATUS[s.status ?? ''] ?? s.status}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
