import { Label, Meter } from 'react-aria-components';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useUsage, type Usage } from './useDashboard.ts';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** Used against included, as a meter; a plan without a limit shows the count alone. */
function UsageMeter({ label, used, included }: { label: string; used: number; included: number | null }) {
  if (included === null) {
    return (
      <div className="lq-meter">
        <div className="lq-meter-head">
          <span>{label}</span>
          <span>{used.toLocaleString()} · no limit</span>
        </div>
      </div>
    );
  }
  const share = included === 0 ? 1 : Math.min(1, used / included);
  return (
    <Meter className="lq-meter" value={Math.min(used, included)} maxValue={Math.max(1, included)} valueLabel={`${used.toLocaleString()} of ${included.toLocaleString()}`}>
      {({ valueText }) => (
        <>
          <div className="lq-meter-head">
            <Label>{label}</Label>
            <span>{valueText}</span>
          </div>
          <svg className="lq-meter-track" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">
            <rect className="lq-meter-rail" x={0} y={0} width={100} height={4} rx={2} />
            <rect className="lq-meter-fill" data-tone={share >= 1 ? 'danger' : share >= 0.8 ? 'warning' : 'brand'} x={0} y={0} width={share * 100} height={4} rx={2} />
          </svg>
        </>
      )}
    </Meter>
  );
}

function runsIncluded(u: Usage): number | null {
  return u.runs_remaining === null || u.runs_remaining === undefined ? null : (u.runs_used ?? 0) + u.runs_remaining;
}

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
