import { Link } from 'react-router';
import type { RunAnalytics } from './useDashboard.ts';

/** The workflows with the most failed runs in the window; each opens the run history of its failures. */
export function TopFailing({ items, days }: { items: RunAnalytics['top_failing']; days: number }) {
  return (
    <section className="lq-subsection" aria-labelledby="top-failing-heading">
      <h3 id="top-failing-heading">Most failing workflows</h3>
      {items.length === 0 ? (
        <p className="lq-muted">No run failed in the last {days} days.</p>
      ) : (
        <table className="lq-table">
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Failed runs</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.workflow_id}>
                <th scope="row">
                  <Link to={`/runs?${new URLSearchParams({ workflow: item.workflow_id, status: 'failed', range: `${days}d` })}`}>{item.name}</Link>
                  {item.deleted && <span className="lq-muted"> (deleted)</span>}
                </th>
                <td>{item.failures.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
