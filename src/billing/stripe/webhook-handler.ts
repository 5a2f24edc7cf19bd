import type { Transaction } from 'kysely';
import type Stripe from 'stripe';
import { recordPackPurchase } from '../../packs/pack-entitlements.ts';
import type { Database } from '../../store/schema.ts';
import type { BillingStore } from '../billing-store.ts';
import { BillingError, notConfigured } from '../billing-error.ts';
import type { PlansCatalog } from '../plans.ts';
import type { Referrals } from '../referrals.ts';
import { applyCreditsToInvoice } from './invoice-credits.ts';
import type { StripeClient } from './stripe-client.ts';
import { applySubscription, workspaceOfStripe, type SubscriptionChange } from './subscription-sync.ts';

/** Stripe's recommended window: a signed request older than this is refused (replay protection). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookOptions {
  stripe: StripeClient | undefined;
  webhookSecret: string | undefined;
  store: BillingStore;
  catalog: PlansCatalog;
  /** Credits a referrer when the workspace it referred pays its first invoice. */
  referrals: Referrals;
  /** Called after the commit of an event that changed a workspace's plan or period anchor. */
  onPlanChanged?: (workspaceId: string) => void | Promise<void>;
  onError?: (error: unknown, what: string) => void;
}

export interface WebhookResult {
  received: true;
  eventId: string;
  /** `processed`: applied now; `duplicate`: already processed, nothing done; `ignored`: a type we do not act on. */
  outcome: 'processed' | 'duplicate' | 'ignored';
}

type Effect = (trx: Transaction<Database>) => Promise<SubscriptionChange | undefined>;

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null));

/**
 * Verifies and applies one webhook delivery. The signature is checked on the raw body; the event id is
 * claimed in the transaction of its effects, so each event acts once however often it is delivered; the
 * objects are re-read from Stripe, so the order of deliveries does not matter.
 */
export class StripeWebhooks {
  private readonly o: WebhookOptions;

  constructor(o: WebhookOptions) {
    this.o = o;
  }

  async handle(rawBody: Buffer, signature: string | string[] | undefined): Promise<WebhookResult> {
    const { stripe, webhookSecret, store } = this.o;
    if (!stripe || !webhookSecret) throw notConfigured();
    if (typeof signature !== 'string' || signature === '') throw invalidSignature('the Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(rawBody, signature, webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
    } catch (error) {
      throw invalidSignature((error as Error).message);
    }
    if (await store.isEventProcessed(event.id)) return { received: true, eventId: event.id, outcome: 'duplicate' };
    const readStartedAt = new Date();
    const effect = await this.effectOf(stripe, event, readStartedAt);
    const result = await store.db.transaction().execute(async (trx) => {
      if (!(await store.claimEvent(trx, event.id, event.type, null))) return { outcome: 'duplicate' as const };
      const change = effect ? await effect(trx) : undefined;
      if (change) await trx.updateTable('stripe_events').set({ workspace_id: change.workspaceId }).where('event_id', '=', event.id).execute();
      return { outcome: effect ? ('processed' as const) : ('ignored' as const), change };
    });
    if ('change' in result && result.change?.planChanged && this.o.onPlanChanged) {
      try {
        await this.o.onPlanChanged(result.change.workspaceId);
      } catch (error) {
        this.o.onError?.(error, 'onPlanChanged failed after a Stripe webhook');
      }
    }
    return { received: true, eventId: event.id, outcome: result.outcome };
  }

  /** Reads the event's object afresh from Stripe (before the transaction: no network call holds a lock). */
  private async effectOf(stripe: StripeClient, event: Stripe.Event, readStartedAt: Date): Promise<Effect | undefined> {
    const { store, catalog } = this.o;
    switch (event.type) {
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted': {
        const subscription = await stripe.subscriptions.retrieve(event.data.object.id);
        return (trx) => applySubscription(trx, store, catalog, subscription, readStartedAt);
      }
      case 'invoice.paid': {
        const invoice = await stripe.invoices.retrieve(event.data.object.id);
        const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
        const subscription = subscriptionId ? await stripe.subscriptions.retrieve(subscriptionId) : undefined;
        // Money received (a trial's first invoice is 0): a referral of the paying workspace converts.
        const paid = invoice.status === 'paid' && invoice.amount_paid > 0;
        if (!subscription && !paid) return undefined;
        return async (trx) => {
          const change = subscription ? await applySubscription(trx, store, catalog, subscription, readStartedAt) : undefined;
          if (!paid) return change;
          const metadata = invoice.parent?.subscription_details?.metadata ?? invoice.metadata;
          const workspaceId = change?.workspaceId ?? (await workspaceOfStripe(trx, store, metadata, idOf(invoice.customer)));
          if (!workspaceId) return change;
          await this.o.referrals.convert(trx, store, workspaceId, invoice.id);
          return change ?? { workspaceId, planChanged: false };
        };
      }
      case 'invoice.created': {
        // Stripe is called here, before the claim: a failure leaves the event unclaimed, so it is re-delivered.
        const applied = await applyCreditsToInvoice(stripe, store, event.data.object.id);
        return applied ? async () => ({ workspaceId: applied.workspaceId, planChanged: false }) : undefined;
      }
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = await stripe.checkout.sessions.retrieve(event.data.object.id);
        const subscriptionId = idOf(session.subscription);
        const subscription = subscriptionId ? await stripe.subscriptions.retrieve(subscriptionId) : undefined;
        return (trx) => this.applyCheckout(trx, session, subscription, readStartedAt);
      }
      default:
        return undefined;
    }
  }

  private async applyCheckout(trx: Transaction<Database>, session: Stripe.Checkout.Session, subscription: Stripe.Subscription | undefined, readStartedAt: Date): Promise<SubscriptionChange | undefined> {
    const { store, catalog } = this.o;
    const workspaceId = await workspaceOfStripe(trx, store, session.metadata, idOf(session.customer));
    if (!workspaceId) return undefined;
    if (subscription) return applySubscription(trx, store, catalog, subscription, readStartedAt);
    // Paid later (bank debits) arrives as async_payment_succeeded; until then nothing is granted.
    if (session.payment_status !== 'paid') return { workspaceId, planChanged: false };
    const purpose = session.metadata?.levqor_purpose;
    if (purpose === 'credits') {
      // What Stripe charged is what is credited (amount_total), in the session's currency.
      const amount = session.amount_total ?? 0;
      if (amount > 0 && session.currency) await store.addCredit(trx, workspaceId, amount, session.currency, `checkout:${session.id}`);
    } else if (purpose === 'pack' && session.metadata?.levqor_pack_id && session.currency) {
      const { levqor_pack_id: id, levqor_pack_name: name, levqor_pack_version: version } = session.metadata;
      const pack = { id, name: name ?? id, version, price: { amount: session.amount_total ?? 0, currency: session.currency.toUpperCase() } };
      await recordPackPurchase(trx, { workspaceId, pack, reference: `checkout:${session.id}`, actor: 'stripe' });
    } else if (purpose === 'integrity_pack') {
      await store.lock(trx, workspaceId);
      await trx.updateTable('workspace_billing').set({ integrity_pack: 'one_time' }).where('workspace_id', '=', workspaceId).execute();
    }
    return { workspaceId, planChanged: false };
  }
}

function invalidSignature(reason: string): BillingError {
  return new BillingError(400, 'invalid_signature', `the Stripe-Signature header does not verify against STRIPE_WEBHOOK_SECRET for this body (${reason}); nothing was changed. Check the endpoint's signing secret in the Stripe dashboard.`);
}
