import type { Kysely, Transaction, Updateable } from 'kysely';
import type Stripe from 'stripe';
import type { Database, WorkspaceBillingTable } from '../../store/schema.ts';
import type { BillingStore } from '../billing-store.ts';
import { LIVE_STATUSES } from '../billing-error.ts';
import type { PlansCatalog } from '../plans.ts';

export interface SubscriptionChange {
  workspaceId: string;
  /** The plan id or the period anchor changed: quotas must be re-evaluated. */
  planChanged: boolean;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null));
const time = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/** The workspace a Stripe object belongs to: our metadata (we set it on every session), else the customer. */
export async function workspaceOfStripe(trx: Kysely<Database> | Transaction<Database>, store: BillingStore, metadata: Stripe.Metadata | null | undefined, customer: string | null): Promise<string | undefined> {
  const named = metadata?.levqor_workspace_id;
  if (named && (await store.workspaceExists(named, trx))) return named;
  return customer ? store.workspaceOfCustomer(customer, trx) : undefined;
}

/**
 * Applies a subscription as just read from Stripe (never the event's copy, which may be stale or out of
 * order). `readStartedAt` is when that read began: a stored state from a later read is kept, so a slow
 * read racing a newer one cannot regress the plan. An ended subscription that is no longer the
 * workspace's current one is ignored (the workspace moved to another subscription).
 */
export async function applySubscription(
  trx: Transaction<Database>,
  store: BillingStore,
  catalog: PlansCatalog,
  subscription: Stripe.Subscription,
  readStartedAt: Date,
): Promise<SubscriptionChange | undefined> {
  const customer = idOf(subscription.customer);
  const workspaceId = await workspaceOfStripe(trx, store, subscription.metadata, customer);
  if (!workspaceId) return undefined;
  const row = await store.lock(trx, workspaceId);
  const items = subscription.items.data;
  const main = items.find((item) => item.price.recurring?.usage_type !== 'metered' && item.price.metadata?.levqor_catalog_id) ?? items[0];
  const catalogId = main?.price.metadata?.levqor_catalog_id ?? '';
  const live = LIVE_STATUSES.has(subscription.status);
  const base = { stripe_customer_id: row.stripe_customer_id ?? customer };

  if (catalog.addOns.some((addOn) => addOn.id === catalogId)) {
    if (live) {
      await update(trx, workspaceId, { ...base, integrity_pack: 'monthly', integrity_pack_subscription_id: subscription.id });
    } else if (row.integrity_pack === 'monthly' && row.integrity_pack_subscription_id === subscription.id) {
      await update(trx, workspaceId, { integrity_pack: null, integrity_pack_subscription_id: null });
    }
    return { workspaceId, planChanged: false };
  }
  const known = catalog.plans.some((p) => p.id === catalogId) || catalog.apiTiers.some((t) => t.id === catalogId);
  if (!known) return undefined;
  const current = row.stripe_subscription_id;
  if (!live && current !== null && current !== subscription.id) return { workspaceId, planChanged: false };
  if (current === subscription.id && row.stripe_synced_at && row.stripe_synced_at > readStartedAt) return { workspaceId, planChanged: false };

  const planId = live ? catalogId : 'trial';
  const periodStart = live ? (periodAnchor(subscription, main) ?? row.period_start) : row.period_start;
  await update(trx, workspaceId, {
    ...base,
    plan_id: planId,
    period_start: periodStart,
    stripe_subscription_id: subscription.id,
    subscription_status: subscription.status,
    billing_interval: main.price.recurring?.interval ?? null,
    trial_end: time(subscription.trial_end),
    current_period_end: time(main.current_period_end),
    first_subscribed_at: row.first_subscribed_at ?? readStartedAt,
    stripe_synced_at: readStartedAt,
  });
  return { workspaceId, planChanged: row.plan_id !== planId || row.period_start.getTime() !== periodStart.getTime() };
}

/**
 * The anchor of the workspace's monthly periods (periodAt): Stripe's billing cycle anchor, which keeps its
 * day of month — a subscription anchored on the 31st renews on Feb 28 and then Mar 31, and the current
 * period's start (Feb 28) would move the following periods to the 28th. Stable across renewals, it also
 * lets the period that just ended be found after the renewal webhook. During a trial the anchor is the
 * trial's end (in the future): the current period's start serves until then.
 */
function periodAnchor(subscription: Stripe.Subscription, main: Stripe.SubscriptionItem): Date | null {
  const start = time(main.current_period_start);
  const anchor = time(subscription.billing_cycle_anchor);
  return anchor && start && anchor <= start ? anchor : start;
}

async function update(trx: Transaction<Database>, workspaceId: string, values: Updateable<WorkspaceBillingTable>) {
  await trx.updateTable('workspace_billing').set(values).where('workspace_id', '=', workspaceId).execute();
}
