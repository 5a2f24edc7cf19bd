/** JSON Schemas of the billing routes (they also become the OpenAPI document). */
const money = {
  type: 'object',
  properties: { amount: { type: 'integer', description: 'Minor units (pence, cents)' }, currency: { type: 'string' }, display: { type: 'string' } },
} as const;

export const checkoutBody = {
  type: 'object',
  required: ['plan'],
  additionalProperties: false,
  properties: {
    plan: { type: 'string', minLength: 1, maxLength: 64, description: 'A plan, API tier or add-on id from GET /api/v1/plans' },
    interval: { type: 'string', enum: ['month', 'year', 'one_time'], description: "month (default) or year for plans; month for API tiers; month or one_time for the Integrity Pack" },
  },
} as const;

export const creditsBody = {
  type: 'object',
  required: ['amount'],
  additionalProperties: false,
  properties: {
    amount: { type: 'integer', description: 'Minor units to buy, 100 to 1,000,000 (e.g. 2500 = 25.00)' },
    currency: { type: 'string', enum: ['GBP', 'USD', 'EUR'], description: "Defaults to the currency of the workspace's plan" },
  },
} as const;

export const sessionAnswer = {
  type: 'object',
  properties: { id: { type: 'string' }, url: { type: 'string', description: 'Send the user here to pay (Stripe Checkout)' } },
} as const;

export const portalAnswer = { type: 'object', properties: { url: { type: 'string', description: "Stripe's customer portal for this workspace" } } } as const;

export const billingState = {
  type: 'object',
  properties: {
    configured: { type: 'boolean', description: 'Whether this server has Stripe configured' },
    plan: { type: 'string', description: "Plan or API tier id, or 'trial'" },
    subscription_status: { type: ['string', 'null'] },
    interval: { type: ['string', 'null'] },
    trial_end: { type: ['string', 'null'], format: 'date-time' },
    current_period_end: { type: ['string', 'null'], format: 'date-time' },
    period_start: { type: 'string', format: 'date-time' },
    integrity_pack: { type: ['string', 'null'], enum: ['one_time', 'monthly', null] },
    has_billing_account: { type: 'boolean' },
    credits: { type: 'array', items: { type: 'object', properties: { currency: { type: 'string' }, balance: money } } },
  },
} as const;

export const previewAnswer = {
  type: 'object',
  properties: {
    plan: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } } },
    subscription_status: { type: ['string', 'null'] },
    interval: { type: ['string', 'null'] },
    period_start: { type: 'string', format: 'date-time' },
    reset_date: { type: 'string', format: 'date-time' },
    usage: { type: 'object', properties: { calls_used: { type: 'integer' }, included_calls: { type: ['integer', 'null'] }, overage_calls: { type: 'integer' } } },
    lines: {
      type: 'array',
      items: { type: 'object', properties: { kind: { type: 'string' }, item: { type: 'string' }, description: { type: 'string' }, quantity: { type: 'integer' }, amount: money } },
    },
    totals: {
      type: 'array',
      description: 'One per currency (plans are in GBP, API tiers and add-ons in USD); never summed across currencies',
      items: { type: 'object', properties: { currency: { type: 'string' }, subtotal: money, credits_applied: money, total: money } },
    },
    credits: { type: 'array', items: { type: 'object', properties: { currency: { type: 'string' }, balance: money, after_invoice: money } } },
  },
} as const;

export const creditLedgerAnswer = {
  type: 'object',
  properties: {
    entries: {
      type: 'array',
      description: 'Newest first (at most 100): credits bought, referral rewards (positive), amounts applied to invoices (negative)',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: 'string', enum: ['purchase', 'referral', 'invoice'] },
          description: { type: 'string' },
          amount: money,
          created_at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

export const webhookAnswer = {
  type: 'object',
  properties: { received: { type: 'boolean' }, eventId: { type: 'string' }, outcome: { type: 'string', enum: ['processed', 'duplicate', 'ignored'] } },
} as const;
