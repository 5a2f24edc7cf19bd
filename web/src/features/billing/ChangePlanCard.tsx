import { useState } from 'react';
import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.ts';
import { hasLiveSubscription, openBillingPortal, startCheckout, type BillingState, type CheckoutInterval, type PlanCatalog } from './useBilling.ts';


const count = (n: number | null | undefined) => (n === null || n === undefined ? 'no limit' : n.toLocaleString());

/** Without Stripe the plan is the operator's to set, from the shell: say how instead of offering buttons. */
export function SelfHostedPlanNotice({ slug, planIds }: { slug: string; planIds: string[] }) {
  return (
    <Card title="Change plan">
      <Notice tone="info">This server does not take payments (Stripe is not configured), so plans are not bought here.</Notice>
      <p>The operator of this installation sets the workspace's plan from the server's shell:</p>
      <div className="lq-json">
        <pre>
          <code>{`levqor billing set-plan <plan> --workspace ${slug}`}</code>
        </pre>
      </div>
      <p className="lq-muted">
        {'<plan> is one of '}
        {[...planIds, 'trial', 'self_hosted'].map((id, i, all) => (
          <span key={id}>
            <code>{id}</code>
            {i < all.length - 1 ? ', ' : ''}
          </span>
        ))}
        {' (self_hosted: no quotas). It applies at once, also while the server runs.'}
      </p>
    </Card>
  );
}

/** Plans and API tiers with their prices and limits; an admin starts Stripe Checkout from here, or opens the portal. */
export function ChangePlanCard({ billing, catalog, canAct }: { billing: BillingState; catalog: PlanCatalog; canAct: boolean }) {
  const [interval, setInterval] = useState<CheckoutInterval>(billing.interval === 'year' ? 'year' : 'month');
  const action = useAction();
  const subscribed = hasLiveSubscription(billing);
  const choose = (plan: string, chosen: CheckoutInterval) => void action.run(() => startCheckout(plan, chosen));
  const selectInterval = (keys: Set<Key>) => {
    const [key] = keys;
    if (key === 'month' || key === 'year') setInterval(key);
  };
  const actionFor = (id: string, name: string, chosen: CheckoutInterval) => {
    if (billing.plan === id) return <span className="lq-badge">Current plan</span>;
    if (!billing.configured || !canAct || subscribed) return null;
    return (
      <Button variant="secondary" isDisabled={action.pending} onPress={() => choose(id, chosen)} aria-label={`Choose ${name}`}>
        Choose
      </Button>
    );
  };
  const showActions = billing.configured && canAct;
  return (
    <Card
      title="Plans"
      actions={
        <ToggleButtonGroup className="lq-segments" aria-label="Billing interval" selectionMode="single" disallowEmptySelection selectedKeys={[interval]} onSelectionChange={selectInterval}>
          <ToggleButton id="month" className="lq-segment">
            Monthly
          </ToggleButton>
          <ToggleButton id="year" className="lq-segment">
            Annual ({catalog.annualDiscountPercent}% off)
          </ToggleButton>
        </ToggleButtonGroup>
      }
    >
      {billing.configured && !canAct && <Notice tone="info">Changing the plan needs the admin or owner role in this workspace; ask an owner if you need it.</Notice>}
      {showActions && subscribed && (
        <>
          <p>This workspace has a subscription: change its plan, payment method or invoices, or cancel it, in Stripe's customer portal.</p>
          <div className="lq-actions">
            <Button onPress={() => void action.run(openBillingPortal)} isDisabled={action.pending}>
              Manage subscription
            </Button>
          </div>
        </>
      )}
      {showActions && !subscribed && billing.has_billing_account && (
        <div className="lq-actions">
          <Button variant="secondary" onPress={() => void action.run(openBillingPortal)} isDisabled={action.pending}>
            Payment details and invoices
          </Button>
        </div>
      )}
      {showActions && !subscribed && <p className="lq-muted">Choosing a plan opens Stripe Checkout to pay; you come back here afterwards.</p>}
      {action.error && <Notice tone="danger">{action.error}</Notice>}
      <div className="lq-table-scroll">
        <table className="lq-table" aria-label="Workflow plans">
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col" className="lq-numeric">Price</th>
              <th scope="col" className="lq-numeric">Runs / month</th>
              <th scope="col" className="lq-numeric">API calls / month</th>
              <th scope="col" className="lq-numeric">Active workflows</th>
              <th scope="col" className="lq-numeric">Members</th>
              {showActions && <th scope="col"><span className="lq-visually-hidden">Action</span></th>}
            </tr>
          </thead>
          <tbody>
            {catalog.plans.map((plan) => (
              <tr key={plan.id}>
                <th scope="row">{plan.name}</th>
                <td className="lq-numeric lq-nowrap">
                  {interval === 'year' ? `${plan.priceAnnual.display} / year` : `${plan.priceMonthly.display} / month`}
                </td>
                <td className="lq-numeric">{count(plan.limits.runsPerMonth)}</td>
                <td className="lq-numeric">{count(plan.limits.includedCalls)}</td>
                <td className="lq-numeric">{count(plan.limits.activeWorkflows)}</td>
                <td className="lq-numeric">{count(plan.limits.members)}</td>
                {showActions && <td>{actionFor(plan.id, plan.name, interval)}</td>}
                {!showActions && billing.plan === plan.id && <td><span className="lq-badge">Current plan</span></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="lq-subsection">
        <h3>API tiers</h3>
        <p className="lq-muted">For API use beyond a plan: calls over the included ones are billed as overage instead of refused. Monthly only, in {catalog.apiTiers[0]?.currency ?? 'USD'}.</p>
        <div className="lq-table-scroll">
          <table className="lq-table" aria-label="API tiers">
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col" className="lq-numeric">Price</th>
                <th scope="col" className="lq-numeric">Included calls</th>
                <th scope="col">Overage</th>
                {showActions && <th scope="col"><span className="lq-visually-hidden">Action</span></th>}
              </tr>
            </thead>
            <tbody>
              {catalog.apiTiers.map((tier) => (
                <tr key={tier.id}>
                  <th scope="row">{tier.name}</th>
                  <td className="lq-numeric lq-nowrap">{tier.priceMonthly.display} / month</td>
                  <td className="lq-numeric">{tier.includedCalls.toLocaleString()}</td>
                  <td>{tier.overagePer1000.display} per 1,000</td>
                  {showActions && <td>{actionFor(tier.id, tier.name, 'month')}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Card>
  );
}
