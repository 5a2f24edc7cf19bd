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
      required: ['runsPerMonth', 'includedCalls', 'activeWorkflows', 'members', 'clientWorkspaces', 'retentionDays', 'exports', 'supportResponseHours', 'apiRequestsPerMinute', 'supportSla'],
      properties: {
        runsPerMonth: { type: 'integer', description: 'Workflow runs per period' },
        includedCalls: { type: 'integer', description: 'Authenticated API calls per period (beyond them: 402 quota_exceeded)' },
        activeWorkflows: { type: 'integer' },
        members: { type: 'integer', description: 'Members plus pending invitations' },
        clientWorkspaces: { type: 'integer', description: 'Client workspaces an agency may create' },
        retentionDays: { type: 'integer' },
        exports: { type: 'boolean', description: 'Whether the audit log may be exported' },
        supportResponseHours: { type: ['integer', 'null'], description: 'First-response time; null: best effort' },
        apiRequestsPerMinute: { type: 'integer', description: 'Per API key or session' },
        supportSla: { type: 'string', description: 'e.g. "24 h" or "best effort"' },
      },
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
