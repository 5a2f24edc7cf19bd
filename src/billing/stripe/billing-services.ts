import type { Kysely } from 'kysely';
import type { LevqorConfig } from '../../config/config.ts';
import type { Database } from '../../store/schema.ts';
import { BillingStore } from '../billing-store.ts';
import type { PlansCatalog } from '../plans.ts';
import { Referrals } from '../referrals.ts';
import { BillingCheckout } from './checkout.ts';
import { createStripeClient, type StripeClient } from './stripe-client.ts';
import { scheduleUsageReports, UsageReporter } from './usage-reporter.ts';
import { StripeWebhooks } from './webhook-handler.ts';

export interface BillingServices {
  stripe: StripeClient | undefined;
  store: BillingStore;
  checkout: BillingCheckout | undefined;
  webhooks: StripeWebhooks;
  referrals: Referrals;
  reporter: UsageReporter | undefined;
  /** Starts the periodic usage report (when Stripe is configured); the returned stop waits for a run in flight. */
  scheduleUsageReports(onError: (error: unknown) => void): { stop(): Promise<void> };
}

/** Billing wired from the configuration: everything Stripe-backed is undefined without STRIPE_SECRET_KEY. */
export async function createBillingServices(o: {
  config: LevqorConfig['stripe'];
  db: Kysely<Database>;
  catalog: PlansCatalog;
  onPlanChanged?: (workspaceId: string) => void | Promise<void>;
  onError?: (error: unknown, what: string) => void;
}): Promise<BillingServices> {
  const stripe = await createStripeClient(o.config);
  const store = new BillingStore(o.db);
  const reporter = stripe ? new UsageReporter(o.db, { stripe, catalog: o.catalog }) : undefined;
  const referrals = new Referrals(o.db, o.catalog);
  return {
    stripe,
    store,
    checkout: stripe ? new BillingCheckout({ stripe, store, catalog: o.catalog }) : undefined,
    referrals,
    webhooks: new StripeWebhooks({ stripe, webhookSecret: o.config.webhookSecret, store, catalog: o.catalog, referrals, onPlanChanged: o.onPlanChanged, onError: o.onError }),
    reporter,
    scheduleUsageReports: (onError) => (reporter ? scheduleUsageReports(reporter, o.config.usageReportMs, onError) : { stop: async () => {} }),
  };
}
