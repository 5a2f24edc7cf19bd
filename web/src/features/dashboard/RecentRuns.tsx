import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { formatDuration, formatTime } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';

const RECENT = 10;

export function RecentRuns({ workspace }: { workspace: string | null }) {
  const runs = useQuery({
    queryKey: ['runs', workspace, { limit: RECENT }],
    queryFn: async () => unwrap(await api.GET('/api/v1/runs', { params: { query: { limit: RECENT } } })),
  });
  return (
    <Card title="Recent runs">
      {runs.data && runs.data.items.length > 0 && (
        <p className="lq-muted">
          <Link to="/runs">All runs</Link>
        </p>
      )}
      {runs.isPending && <p className="lq-muted">Loading…</p>}
      {runs.isError && <Notice tone="danger">{runs.error.message}</Notice>}
      {runs.data && runs.data.items.length === 0 && (
        <p className="lq-empty">No runs yet. A run appears here as soon as a workflow is triggered.</p>
      )}
      {runs.data && runs.data.items.length > 0 && (
        <table className="lq-table">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run) => (
              <tr key={run.id}>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{formatTime(run.startedAt ?? run.createdAt)}</td>
                <td>{formatDuration(run.startedAt, run.finishedAt)}</td>
                <td className="lq-mono">
                  <Link to={`/runs/${run.id}`} aria-label={`Run ${run.id.slice(0, 8)}: ${run.status}`}>
                    {run.id.slice(0, 8)}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
