import type Stripe from 'stripe';
import type { BillingStore } from '../billing-store.ts';
import { BillingError, LIVE_STATUSES } from '../billing-error.ts';
import { addOnById, apiTierById, planById, CURRENCIES, type Currency, type PlansCatalog } from '../plans.ts';
import { lookupKeyOf, type PriceRole } from './catalog-prices.ts';
import type { StripeClient } from './stripe-client.ts';

export type CheckoutInterval = 'month' | 'year' | 'one_time';

/** Credit purchases in minor units: at least 1.00, at most 10,000.00 of the currency. */
export const CREDIT_LIMITS = { min: 100, max: 1_000_000 } as const;

export interface CheckoutOptions {
  stripe: StripeClient;
  store: BillingStore;
  catalog: PlansCatalog;
}

/** Checkout Sessions and portal links for a workspace; the webhook applies their outcome. */
export class BillingCheckout {
  private readonly o: CheckoutOptions;

  constructor(o: CheckoutOptions) {
    this.o = o;
  }

  /** A Checkout Session for a plan or API tier (subscription) or the Integrity Pack (one-time or monthly). */
  async checkout(workspaceId: string, item: string, interval: CheckoutInterval | undefined, publicUrl: string): Promise<{ id: string; url: string }> {
    const { catalog, store } = this.o;
    const plan = planById(catalog, item);
    const tier = apiTierById(catalog, item);
    const addOn = addOnById(catalog, item);
    if (!plan && !tier && !addOn) {
      const valid = [...catalog.plans, ...catalog.apiTiers, ...catalog.addOns].map((entry) => entry.id);
      throw new BillingError(422, 'unknown_plan', `plan "${item}" is not in the catalog; use one of: ${valid.join(', ')} (see GET /api/v1/plans)`, [{ path: 'body.plan', message: `must be one of: ${valid.join(', ')}` }]);
    }
    const allowed: CheckoutInterval[] = plan ? ['month', 'year'] : tier ? ['month'] : [...(addOn!.priceMonthly !== undefined ? ['month' as const] : []), ...(addOn!.priceOneTime !== undefined ? ['one_time' as const] : [])];
    const chosen = interval ?? allowed[0];
    if (!allowed.includes(chosen)) {
      throw new BillingError(422, 'invalid_interval', `"${item}" is sold with interval ${allowed.join(' or ')}, not "${chosen}"`, [{ path: 'body.interval', message: `must be one of: ${allowed.join(', ')}` }]);
    }
    const row = await store.ensure(workspaceId);
    if (addOn ? row.integrity_pack !== null : row.stripe_subscription_id !== null && LIVE_STATUSES.has(row.subscription_status ?? '')) {
      throw new BillingError(409, 'already_subscribed', `this workspace already has ${addOn ? `the ${addOn.name}` : 'a subscription'}; change or cancel it in the customer portal (POST /api/v1/billing/portal)`);
    }
    const roles: PriceRole[] = tier ? ['monthly', 'overage'] : chosen === 'year' ? ['annual'] : chosen === 'one_time' ? ['one_time'] : ['monthly'];
    const prices = await this.pricesFor(roles.map((role) => lookupKeyOf(item, role)));
    const customer = await this.customerFor(workspaceId);
    const purpose = addOn ? 'integrity_pack' : 'subscription';
    const metadata = { levqor_workspace_id: workspaceId, levqor_purpose: purpose, levqor_item: item };
    // The catalog trial is for a workspace's first subscription to a plan or API tier only.
    const trialDays = !addOn && row.first_subscribed_at === null ? catalog.trialDays : undefined;
    const session = await this.o.stripe.checkout.sessions.create({
      mode: chosen === 'one_time' ? 'payment' : 'subscription',
      customer,
      client_reference_id: workspaceId,
      // A metered price takes no quantity: Stripe bills what the meter reports.
      line_items: prices.map((price) => (price.recurring?.usage_type === 'metered' ? { price: price.id } : { price: price.id, quantity: 1 })),
      metadata,
      ...(chosen === 'one_time' ? {} : { subscription_data: { metadata, ...(trialDays ? { trial_period_days: trialDays } : {}) } }),
      ...returnUrls(publicUrl),
    });
    return { id: session.id, url: session.url ?? '' };
  }

  /** A one-off payment that becomes credits (minor units of `currency`) once Stripe reports it paid. */
  async purchaseCredits(workspaceId: string, amount: unknown, currency: Currency, publicUrl: string): Promise<{ id: string; url: string }> {
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < CREDIT_LIMITS.min || amount > CREDIT_LIMITS.max) {
      const message = `must be a whole number of minor units from ${CREDIT_LIMITS.min} to ${CREDIT_LIMITS.max} (e.g. 2500 for 25.00)`;
      throw new BillingError(422, 'invalid_amount', `amount ${message}; got ${JSON.stringify(amount)}`, [{ path: 'body.amount', message }]);
    }
    if (!CURRENCIES.includes(currency)) {
      throw new BillingError(422, 'invalid_currency', `currency must be one of: ${CURRENCIES.join(', ')}`, [{ path: 'body.currency', message: `must be one of: ${CURRENCIES.join(', ')}` }]);
    }
    const customer = await this.customerFor(workspaceId);
    const session = await this.o.stripe.checkout.sessions.create({
      mode: 'payment',
      customer,
      client_reference_id: workspaceId,
      line_items: [{ quantity: 1, price_data: { currency: currency.toLowerCase(), unit_amount: amount, product_data: { name: 'Levqor credits' } } }],
      metadata: { levqor_workspace_id: workspaceId, levqor_purpose: 'credits', levqor_credit_amount: String(amount), levqor_credit_currency: currency },
      ...returnUrls(publicUrl),
    });
    return { id: session.id, url: session.url ?? '' };
  }

  /**
   * A one-off payment for a paid pack; the webhook grants the pack once Stripe reports it paid. The
   * price comes from the pack as shipped (inline price data), so packs need no catalog sync.
   */
  async packCheckout(workspaceId: string, pack: { id: string; name: string; version: string; price: { amount: number; currency: string } }, publicUrl: string): Promise<{ id: string; url: string }> {
    if (pack.price.amount === 0) throw new BillingError(409, 'pack_is_free', `pack "${pack.id}" is free: import it directly (levqor pack import, POST /api/v1/packs/import)`);
    const customer = await this.customerFor(workspaceId);
    const session = await this.o.stripe.checkout.sessions.create({
      mode: 'payment',
      customer,
      client_reference_id: workspaceId,
      line_items: [{ quantity: 1, price_data: { currency: pack.price.currency.toLowerCase(), unit_amount: pack.price.amount, product_data: { name: `Levqor pack: ${pack.name}`, metadata: { levqor_pack_id: pack.id } } } }],
      metadata: { levqor_workspace_id: workspaceId, levqor_purpose: 'pack', levqor_pack_id: pack.id, levqor_pack_name: pack.name, levqor_pack_version: pack.version },
      ...returnUrls(publicUrl),
    });
    return { id: session.id, url: session.url ?? '' };
  }

  /** A link to Stripe's customer portal (change plan, payment method, invoices, cancel). */
  async portal(workspaceId: string, publicUrl: string): Promise<{ url: string }> {
    const row = await this.o.store.ensure(workspaceId);
    if (!row.stripe_customer_id) {
      throw new BillingError(409, 'no_billing_account', 'this workspace has no Stripe customer yet; start a subscription or buy credits first (POST /api/v1/billing/checkout)');
    }
    const session = await this.o.stripe.billingPortal.sessions.create({ customer: row.stripe_customer_id, return_url: `${publicUrl}/billing` });
    return { url: session.url };
  }

  /** The workspace's Stripe customer, created once (the idempotency key makes concurrent first calls one customer). */
  private async customerFor(workspaceId: string): Promise<string> {
    const row = await this.o.store.ensure(workspaceId);
    if (row.stripe_customer_id) return row.stripe_customer_id;
    const workspace = await this.o.store.db.selectFrom('workspaces').select(['name', 'slug']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const customer = await this.o.stripe.customers.create(
      { name: workspace.name, metadata: { levqor_workspace_id: workspaceId, levqor_workspace_slug: workspace.slug } },
      { idempotencyKey: `levqor-customer-${workspaceId}` },
    );
    await this.o.store.setCustomer(workspaceId, customer.id);
    return customer.id;
  }

  private async pricesFor(lookupKeys: string[]): Promise<Stripe.Price[]> {
    const page = await this.o.stripe.prices.list({ lookup_keys: lookupKeys, active: true, limit: 10 });
    const missing = lookupKeys.filter((key) => !page.data.some((price) => price.lookup_key === key));
    if (missing.length) {
      throw new BillingError(409, 'catalog_not_synced', `Stripe has no price with lookup key ${missing.join(', ')}; run "levqor billing sync-stripe" to create the catalog's prices`);
    }
    return lookupKeys.map((key) => page.data.find((price) => price.lookup_key === key)!);
  }
}

function returnUrls(publicUrl: string) {
  return {
    success_url: `${publicUrl}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${publicUrl}/billing?checkout=cancelled`,
  };
}
