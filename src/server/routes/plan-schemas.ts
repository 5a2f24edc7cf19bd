/** The public price list's schema (GET /api/v1/plans, built by plansResponse in plans.ts). */
const money = {
  type: 'object',
  required: ['amount', 'display'],
  properties: { amount: { type: 'integer', description: 'Minor units (pence, cents)' }, display: { type: 'string' } },
} as const;
const nullableMoney = { anyOf: [money, { type: 'null' }] } as const;

const planSchema = {
  type: 'object',
  required: ['id', 'name', 'currency', 'trialDays', 'priceMonthly', 'priceAnnual', 'annualPerMonth', 'annualSavings', 'limits'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    trialDays: { type: 'integer' },
    priceMonthly: money,
    priceAnnual: money,
    annualPerMonth: money,
    annualSavings: { type: 'object', required: [...money.required, 'percent'], properties: { ...money.properties, percent: { type: 'number' } } },
    limits: {
      type: 'object',
      additionalProperties: true,
      description: "The plan's limits (runs, API calls, workflows, members, retention…; null: unlimited) and its support answer time",
      properties: { supportSla: { type: 'string', description: 'e.g. "24 h" or "best effort"' } },
    },
  },
} as const;

export const plansResponseSchema = {
  type: 'object',
  required: ['currency', 'trialDays', 'trialDataRetentionDays', 'trialIncludedCalls', 'annualDiscountPercent', 'plans', 'apiTiers', 'addOns'],
  properties: {
    currency: { type: 'string' },
    trialDays: { type: 'integer' },
    trialDataRetentionDays: { type: 'integer' },
    trialIncludedCalls: { type: 'integer' },
    annualDiscountPercent: { type: 'number' },
    plans: { type: 'array', items: planSchema },
    apiTiers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'currency', 'priceMonthly', 'includedCalls', 'overagePer1000', 'overageDisplay'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, currency: { type: 'string' }, priceMonthly: money, includedCalls: { type: 'integer' }, overagePer1000: money, overageDisplay: { type: 'string' } },
      },
    },
    addOns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'currency', 'priceOneTime', 'priceMonthly'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, currency: { type: 'string' }, priceOneTime: nullableMoney, priceMonthly: nullableMoney },
      },
    },
  },
} as const;
