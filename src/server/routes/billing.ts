import type { FastifyInstance } from 'fastify';
import { notConfigured } from '../../billing/billing-error.ts';
import type { BillingStore } from '../../billing/billing-store.ts';
import { invoicePreview } from '../../billing/invoice-preview.ts';
import { apiTierById, formatMoney, type Currency, type PlansCatalog } from '../../billing/plans.ts';
import type { BillingCheckout, CheckoutInterval } from '../../billing/stripe/checkout.ts';
import { isStripeError } from '../../billing/stripe/stripe-client.ts';
import type { StripeWebhooks } from '../../billing/stripe/webhook-handler.ts';
import { periodAt, type UsageService } from '../../metering/usage-service.ts';
import { workspaceOf } from '../auth/principal.ts';
import { HttpError } from '../http-error.ts';
import { billingState, checkoutBody, creditLedgerAnswer, creditsBody, portalAnswer, previewAnswer, sessionAnswer, webhookAnswer } from './billing-schemas.ts';
import type { PublicUrl } from '../public-url.ts';

const tags = ['billing'];

export interface BillingRoutesOptions {
  store: BillingStore;
  catalog: PlansCatalog;
  usage: UsageService;
  /** Undefined without STRIPE_SECRET_KEY: those routes answer 409 billing_not_configured. */
  checkout: BillingCheckout | undefined;
  webhooks: StripeWebhooks;
  publicUrl: PublicUrl;
}

/** Stripe failures in the API error shape (billing refusals answer as they are). */
export async function asHttp<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isStripeError(error)) {
      throw new HttpError(502, 'stripe_error', `Stripe refused or could not be reached (${error.type}: ${error.message}); nothing was changed here, try again`);
    }
    throw error;
  }
}

export function registerBillingRoutes(app: FastifyInstance, o: BillingRoutesOptions): void {
  const configured = (): BillingCheckout => {
    if (!o.checkout) throw notConfigured();
    return o.checkout;
  };

  app.get('/api/v1/billing', {
    config: { permission: 'read' },
    schema: { tags, summary: "The workspace's subscription, Integrity Pack and credit balances", response: { 200: billingState } },
  }, async (request) => {
    const workspaceId = workspaceOf(request);
    const row = await o.store.ensure(workspaceId);
    const balances = await o.store.creditBalances(workspaceId);
    return {
      configured: o.checkout !== undefined,
      plan: row.plan_id,
      subscription_status: row.subscription_status,
      interval: row.billing_interval,
      trial_end: row.trial_end?.toISOString() ?? null,
      current_period_end: row.current_period_end?.toISOString() ?? null,
      // The stored value is the periods' anchor; the caller wants the current period's start.
      period_start: periodAt(row.period_start, new Date()).start.toISOString(),
      integrity_pack: row.integrity_pack,
      has_billing_account: row.stripe_customer_id !== null,
      credits: Object.entries(balances).map(([currency, amount]) => ({ currency, balance: { amount, currency, display: formatMoney(amount, currency as Currency) } })),
    };
  });

  app.get('/api/v1/billing/credits', {
    config: { permission: 'read' },
    schema: { tags, summary: "The workspace's credit ledger, newest first: purchases, referral rewards, credits applied to invoices", response: { 200: creditLedgerAnswer } },
  }, async (request) => {
    const rows = await o.store.creditLedger(workspaceOf(request), 100);
    return { entries: rows.map(creditEntry) };
  });

  app.get('/api/v1/billing/preview', {
    config: { permission: 'read' },
    schema: { tags, summary: "The current period's invoice as it stands: plan fee, overage, add-ons, credits (per currency)", response: { 200: previewAnswer } },
  }, async (request) => invoicePreview(workspaceOf(request), o));

  app.post('/api/v1/billing/checkout', {
    config: { permission: 'admin' },
    schema: { tags, summary: 'Start a Stripe Checkout for a plan, an API tier or the Integrity Pack', body: checkoutBody, response: { 200: sessionAnswer } },
  }, async (request) => {
    const body = request.body as { plan: string; interval?: CheckoutInterval };
    return asHttp(() => configured().checkout(workspaceOf(request), body.plan, body.interval, o.publicUrl()));
  });

  app.post('/api/v1/billing/purchase-credits', {
    config: { permission: 'admin' },
    schema: { tags, summary: 'Start a Stripe Checkout to buy credits (applied to invoices)', body: creditsBody, response: { 200: sessionAnswer } },
  }, async (request) => {
    const body = request.body as { amount: number; currency?: Currency };
    const workspaceId = workspaceOf(request);
    return asHttp(async () => {
      const checkout = configured();
      const row = await o.store.ensure(workspaceId);
      const currency = body.currency ?? apiTierById(o.catalog, row.plan_id)?.currency ?? o.catalog.plans[0].currency;
      return checkout.purchaseCredits(workspaceId, body.amount, currency, o.publicUrl());
    });
  });

  app.post('/api/v1/billing/portal', {
    config: { permission: 'admin' },
    schema: { tags, summary: "A link to Stripe's customer portal (change plan, payment method, invoices, cancel)", response: { 200: portalAnswer } },
  }, async (request) => asHttp(() => configured().portal(workspaceOf(request), o.publicUrl())));

  void app.register(billingWebhookRoute, { webhooks: o.webhooks });
}

/**
 * A ledger row in words. The source says what it was (a Checkout Session, `invoice:<id>`,
 * `referral:<workspace id>`); the referred workspace's id is another tenant's and is not shown.
 */
function creditEntry(row: { id: string | number | bigint; amount: string | number | bigint; currency: string; source: string; created_at: Date }) {
  const amount = Number(row.amount);
  const money = { amount, currency: row.currency, display: formatMoney(amount, row.currency as Currency) };
  const base = { id: String(row.id), amount: money, created_at: row.created_at.toISOString() };
  if (row.source.startsWith('invoice:')) return { ...base, kind: 'invoice', description: `Applied to invoice ${row.source.slice('invoice:'.length)}` };
  if (row.source.startsWith('referral:')) return { ...base, kind: 'referral', description: 'Referral reward: a workspace you referred paid its first invoice' };
  return { ...base, kind: 'purchase', description: 'Credits bought' };
}

/** The Stripe webhook, in its own context: its parser keeps the raw body, which the signature covers. */
async function billingWebhookRoute(app: FastifyInstance, o: { webhooks: StripeWebhooks }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/api/v1/billing/stripe/webhook', {
    // Signed by Stripe, which retries on its own schedule: a limit here would only delay plan changes.
    config: { access: 'public', rateLimitClass: 'none' },
    schema: { tags, summary: 'Stripe webhook endpoint (signed by Stripe; each event is applied once)', security: [], response: { 200: webhookAnswer } },
  }, async (request) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return asHttp(() => o.webhooks.handle(raw, request.headers['stripe-signature']));
  });
}
