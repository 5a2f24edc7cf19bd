/** A refused billing request, in the API error shape's terms (the routes turn it into an HttpError). */
export class BillingError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const notConfigured = () =>
  new BillingError(409, 'billing_not_configured', 'billing is not configured on this server: set STRIPE_SECRET_KEY (and STRIPE_WEBHOOK_SECRET for webhooks), then run "levqor billing sync-stripe"');

/** Subscription states in which the workspace holds (or is trialling) what it subscribed to. */
export const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due']);
