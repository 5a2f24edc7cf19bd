import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { runsIncluded, UsageMeter } from '../../components/UsageMeter.tsx';
import { useUsage } from '../dashboard/useDashboard.ts';
import { priceOf, type PlanPrice } from './plan-prices.ts';
import type { BillingState, PlanCatalog } from './useBilling.ts';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const when = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : '—');

const STATUS: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment overdue',
  canceled: 'Cancelled',
  unpaid: 'Unpaid',
  incomplete: 'Payment not completed',
};

function priceText(price: PlanPrice | undefined, interval: string | null | undefined): string {
  if (!price) return '—';
  if (interval === 'year' && price.annual) return `${price.annual} a year`;
  return `${price.monthly} a month`;
}

/** The plan, its price and status, and this period's usage against its quotas and limits. */
export function CurrentPlanCard({ billing, catalog, workspace }: { billing: BillingState; catalog: PlanCatalog | undefined; workspace: string | null }) {
  const usage = useUsage(workspace);
  const u = usage.data;
  const price = catalog ? priceOf(catalog, billing.plan ?? '') : undefined;
  const name = u?.plan?.name ?? price?.name ?? billing.plan;
  const limits = u?.limits;
  return (
    <Card title="Current plan">
      <dl className="lq-facts">
        <dt>Plan</dt>
        <dd>
          <strong>{name}</strong>
        </dd>
        <dt>Price</dt>
        <dd>{u?.plan?.kind === 'trial' ? 'Free during the trial' : u?.plan?.kind === 'self_hosted' ? 'Not billed (self-hosted)' : priceText(price, billing.interval)}</dd>
        {billing.subscription_status && (
          <>
            <dt>Subscription</dt>
            <dd>{STATUS[billing.subscription_status] ?? billing.subscription_status}</dd>
          </>
        )}
        {billing.trial_end && (
          <>
            <dt>Trial ends</dt>
            <dd>{when(billing.trial_end)}</dd>
          </>
        )}
        <dt>This period</dt>
        <dd>
          {when(billing.period_start)} – {when(u?.reset_date)}
        </dd>
      </dl>
      {usage.isError && <Notice tone="danger">{usage.error.message}</Notice>}
      {u && (
        <div className="lq-subsection">
          <h3>Usage this period</h3>
          <UsageMeter label="API calls" used={u.calls_used ?? 0} included={u.calls_included ?? null} />
          <UsageMeter label="Workflow runs" used={u.runs_used ?? 0} included={runsIncluded(u)} />
          {limits?.activeWorkflows && <UsageMeter label="Active workflows" used={limits.activeWorkflows.current ?? 0} included={limits.activeWorkflows.allowed ?? null} />}
          {limits?.members && <UsageMeter label="Members and invitations" used={limits.members.current ?? 0} included={limits.members.allowed ?? null} />}
          {(limits?.clientWorkspaces?.allowed ?? 0) > 0 && <UsageMeter label="Client workspaces" used={limits?.clientWorkspaces?.current ?? 0} included={limits?.clientWorkspaces?.allowed ?? null} />}
          {(u.runs_held ?? 0) > 0 && <Notice tone="info">{u.runs_held} run(s) are held until the period resets or the plan changes.</Notice>}
          {(u.overage_calls ?? 0) > 0 && u.overage_cost && (
            <p className="lq-muted">
              {u.overage_calls?.toLocaleString()} calls over the plan: {u.overage_cost.display} so far
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
