import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { runsIncluded, UsageMeter } from '../../components/UsageMeter.tsx';
import { useUsage } from './useDashboard.ts';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** This period's API calls and runs against what the plan includes, and when they reset. */
export function UsageCard({ workspace }: { workspace: string | null }) {
  const usage = useUsage(workspace);
  const u = usage.data;
  return (
    <Card title="Usage this period">
      {usage.isPending && <p className="lq-muted">Loading…</p>}
      {usage.isError && <Notice tone="danger">{usage.error.message}</Notice>}
      {u && (
        <>
          <p className="lq-muted">
            {u.plan?.name ?? 'Plan'} · resets on {u.reset_date ? day.format(new Date(u.reset_date)) : '—'}
          </p>
          <UsageMeter label="API calls" used={u.calls_used ?? 0} included={u.calls_included ?? null} />
          <UsageMeter label="Workflow runs" used={u.runs_used ?? 0} included={runsIncluded(u)} />
          {(u.runs_held ?? 0) > 0 && <Notice tone="info">{u.runs_held} run(s) are held until the period resets or the plan changes.</Notice>}
          {(u.overage_calls ?? 0) > 0 && u.overage_cost && (
            <p className="lq-muted">
              {u.overage_calls?.toLocaleString()} calls over the plan: {u.overage_cost.display} so far
            </p>
          )}
        </>
      )}
    </Card>
  );
}
