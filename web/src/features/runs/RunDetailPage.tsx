import { Link, useParams } from 'react-router';
import { Card } from '../../components/Card.tsx';
import { JsonBlock } from '../../components/JsonBlock.tsx';
import { Notice } from '../../components/Notice.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDuration, formatTime } from '../../components/format.ts';
import { useWorkflowName } from './useWorkflowNames.ts';
import { RunControls } from './RunControls.tsx';
import { StepCard } from './StepCard.tsx';
import { isUnfinished } from './run-types.ts';
import { useRun } from './useRun.ts';
import { LiveIndicator } from '../live/LiveIndicator.tsx';

export function RunDetailPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const name = useWorkflowName(run.data?.workflowId);
  if (run.isPending) return <main className="lq-main"><Notice tone="info">Loading…</Notice></main>;
  if (run.isError) return <main className="lq-main"><h1>Run</h1><Notice tone="danger">{run.error.message}</Notice></main>;
  const r = run.data;
  const workflow = name.data === null ? 'deleted workflow' : (name.data ?? '…');
  return (
    <main className="lq-main">
      <p>
        <Link to="/runs">← All runs</Link>
      </p>
      <div className="lq-page-head">
        <h1>
          Run <span className="lq-mono">{r.id.slice(0, 8)}</span> <StatusBadge status={r.status} />
        </h1>
        <RunControls id={r.id} status={r.status} />
      </div>
      {isUnfinished(r.status) && <p className="lq-muted"><LiveIndicator /> This page updates by itself while the run is in progress.</p>}
      {r.message && <Notice tone="info">{r.message}</Notice>}
      {r.cancelRequested && r.status === 'running' && <Notice tone="info">Cancelling: the running step is being stopped.</Notice>}
      <Card title="Summary">
        <dl className="lq-facts">
          <dt>Workflow</dt>
          <dd>
            <Link to={`/runs?workflow=${r.workflowId}`}>{workflow}</Link> <span className="lq-muted">version {r.workflowVersion}</span>
          </dd>
          <dt>Created</dt>
          <dd>{formatTime(r.createdAt)}</dd>
          <dt>Started</dt>
          <dd>{formatTime(r.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{formatTime(r.finishedAt)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(r.startedAt, r.finishedAt)}</dd>
          <dt>Attempts</dt>
          <dd>{r.attempts}</dd>
          {r.wakeAt && <><dt>Wakes</dt><dd>{formatTime(r.wakeAt)}</dd></>}
        </dl>
      </Card>
      <div className="lq-step-body">
        <JsonBlock label="Trigger" value={r.trigger} />
        {r.error ? <JsonBlock label="Error" value={r.error} /> : r.output !== null && r.output !== undefined && <JsonBlock label="Output" value={r.output} />}
      </div>
      <Card title={`Steps (${r.steps.length})`}>
        {r.steps.length === 0 ? <p className="lq-empty">No step has finished yet.</p> : <ol className="lq-steps">{r.steps.map((s) => <StepCard key={s.key} step={s} />)}</ol>}
      </Card>
    </main>
  );
}
