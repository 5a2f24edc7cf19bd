import { Refusal } from '../contracts/refusal.ts';

/** A refused billing request, answered in the API error shape. */
export class BillingError extends Refusal {}

export const notConfigured = () =>
  new BillingError(409, 'billing_not_configured', 'billing is not configured on this server: set STRIPE_SECRET_KEY (and STRIPE_WEBHOOK_SECRET for webhooks), then run "levqor billing sync-stripe"');

/** Subscription states in which the workspace holds (or is trialling) what it subscribed to. */
export const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due']);
