import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { Notice } from '../../components/Notice.tsx';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { ChangePlanCard, SelfHostedPlanNotice } from './ChangePlanCard.tsx';
import { CreditsCard } from './CreditsCard.tsx';
import { CurrentPlanCard } from './CurrentPlanCard.tsx';
import { InvoicePreviewCard } from './InvoicePreviewCard.tsx';
import { UsageHistoryCharts } from './UsageHistoryCharts.tsx';
import { hasLiveSubscription, useBillingState, usePlanCatalog } from './useBilling.ts';

/** What Stripe Checkout's return URLs (`?checkout=success|cancelled`) mean for the person landing here. */
function CheckoutOutcome({ outcome, confirmed }: { outcome: string | null; confirmed: boolean }) {
  if (outcome === 'success') {
    return confirmed ? (
      <Notice tone="success">Checkout complete: the subscription has started and the plan below is the new one.</Notice>
    ) : (
      <Notice tone="info">Payment received by Stripe. The plan changes here as soon as Stripe confirms it, usually within seconds.</Notice>
    );
  }
  if (outcome === 'cancelled') return <Notice tone="info">Checkout was cancelled: nothing was charged and the plan is unchanged.</Notice>;
  return null;
}

/** Billing: plan and usage against it, usage history, the upcoming invoice, credits, and changing the plan. */
export function BillingPage() {
  const me = useSession().data;
  const [search] = useSearchParams();
  const outcome = search.get('checkout');
  const billing = useBillingState(outcome === 'success');
  const catalog = usePlanCatalog();
  const client = useQueryClient();
  const plan = billing.data?.plan;
  // A new plan changes the quotas, the invoice and the usage figures drawn from them.
  useEffect(() => {
    if (plan) void client.invalidateQueries({ queryKey: ['usage'] }).then(() => client.invalidateQueries({ queryKey: ['billing-preview'] }));
  }, [plan, client]);

  if (billing.isPending) return <p className="lq-muted">Loading…</p>;
  if (billing.isError) return <Notice tone="danger">{billing.error.message}</Notice>;
  const b = billing.data;
  return (
    <div className="lq-stack">
      <h2 className="lq-visually-hidden">Billing</h2>
      <CheckoutOutcome outcome={outcome} confirmed={hasLiveSubscription(b)} />
      <CurrentPlanCard billing={b} catalog={catalog.data} workspace={me?.currentWorkspace ?? null} />
      <UsageHistoryCharts />
      <InvoicePreviewCard />
      <CreditsCard billing={b} />
      {!b.configured && <SelfHostedPlanNotice slug={me?.currentWorkspace ?? 'your-workspace'} planIds={[...(catalog.data?.plans ?? []), ...(catalog.data?.apiTiers ?? [])].map((p) => p.id)} />}
      {catalog.isError && <Notice tone="danger">{catalog.error.message}</Notice>}
      {/* Keyed by the interval: the switch starts on the subscription's own. */}
      {catalog.data && <ChangePlanCard key={b.interval ?? 'none'} billing={b} catalog={catalog.data} canAct={isAdmin(me?.role)} />}
    </div>
  );
}

/** `/billing?…`, where Stripe sends people back: the billing page, with the outcome in the address kept. */
export function BillingReturn() {
  const { search } = useLocation();
  return <Navigate to={`/settings/billing${search}`} replace />;
}
