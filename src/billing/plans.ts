import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config/config.ts';
import { joinPath } from '../engine/definition/definition-issue.ts';
import { humanErrorMap } from '../engine/definition/zod-issues.ts';

/** The catalog shipped next to this module (copied into dist/ by the build). */
export const PLANS_CATALOG_URL = new URL('./plans-catalog.yaml', import.meta.url);

/** Currencies we sell in; all have two decimals, so prices are integers in pence or cents. */
export const CURRENCIES = ['GBP', 'USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];

const POSITIVE = 'expected a positive integer';
const NON_NEGATIVE = 'expected a non-negative integer';
const positiveInt = z.int({ error: POSITIVE }).positive({ error: POSITIVE });
const count = z.int({ error: NON_NEGATIVE }).nonnegative({ error: NON_NEGATIVE });
const id = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, { error: 'must be lowercase letters, digits and "_", starting with a letter' });
const name = z.string().min(1).max(60);
const currency = z.enum(CURRENCIES);

const limitsSchema = z.strictObject({
  runsPerMonth: count,
  /** Authenticated API calls per period; no overage on workflow plans: beyond it calls get 402. */
  includedCalls: count,
  activeWorkflows: count,
  members: positiveInt,
  clientWorkspaces: count,
  // DESIGN.md: paid plans keep data for 7–365 days.
  retentionDays: z.int({ error: 'expected an integer from 7 to 365' }).min(7).max(365),
  exports: z.boolean(),
  /** First-response time promised by support; null means best effort. */
  supportResponseHours: positiveInt.nullable(),
  /** Requests per minute of one API key or session (rate limits, docs/metering.md). */
  apiRequestsPerMinute: positiveInt,
});

const planSchema = z.strictObject({ id, name, currency, priceMonthly: positiveInt, priceAnnual: positiveInt, limits: limitsSchema });
const apiTierSchema = z.strictObject({ id, name, currency, priceMonthly: positiveInt, includedCalls: count, overagePer1000: positiveInt, apiRequestsPerMinute: positiveInt });
const addOnSchema = z.strictObject({ id, name, currency, priceOneTime: positiveInt.optional(), priceMonthly: positiveInt.optional() });

const catalogSchema = z
  .strictObject({
    trialDays: positiveInt,
    trialDataRetentionDays: positiveInt,
    trialIncludedCalls: count,
    annualDiscountPercent: z.int().min(0).max(99),
    /** Requests per minute of one API key or session of a workspace on trial. */
    trialApiRequestsPerMinute: positiveInt,
    /** Credit a workspace earns when a workspace it referred pays its first invoice; none when absent. */
    referralCredit: z.strictObject({ amount: positiveInt, currency }).optional(),
    plans: z.array(planSchema).min(1),
    apiTiers: z.array(apiTierSchema),
    addOns: z.array(addOnSchema),
  })
  .superRefine((catalog, ctx) => {
    catalog.plans.forEach((plan, i) => {
      // Only between valid amounts: a bad monthly price is reported once, by its own check.
      const valid = [plan.priceMonthly, plan.priceAnnual, catalog.annualDiscountPercent].every(Number.isSafeInteger) && plan.priceMonthly > 0;
      const expected = annualPrice(plan.priceMonthly, catalog.annualDiscountPercent);
      if (valid && plan.priceAnnual !== expected) {
        ctx.addIssue({ code: 'custom', path: ['plans', i, 'priceAnnual'], message: `must be ${expected} (priceMonthly × 12 − ${catalog.annualDiscountPercent}%), found ${plan.priceAnnual}` });
      }
      if (plan.currency !== catalog.plans[0].currency) {
        ctx.addIssue({ code: 'custom', path: ['plans', i, 'currency'], message: `all plans must share one currency (${catalog.plans[0].currency})` });
      }
    });
    catalog.addOns.forEach((addOn, i) => {
      if (addOn.priceOneTime === undefined && addOn.priceMonthly === undefined) {
        ctx.addIssue({ code: 'custom', path: ['addOns', i], message: 'needs priceOneTime, priceMonthly or both' });
      }
    });
    // Ids become Stripe lookup keys, so they are unique across the whole catalog.
    const seen = new Map<string, string>();
    for (const section of ['plans', 'apiTiers', 'addOns'] as const) {
      catalog[section].forEach((entry, i) => {
        const where = joinPath(section, [i]);
        const first = seen.get(entry.id);
        if (first) ctx.addIssue({ code: 'custom', path: [section, i, 'id'], message: `"${entry.id}" is already used by ${first}` });
        else seen.set(entry.id, where);
      });
    }
  });

export type PlansCatalog = z.infer<typeof catalogSchema>;
export type Plan = PlansCatalog['plans'][number];
export type PlanLimits = Plan['limits'];
export type ApiTier = PlansCatalog['apiTiers'][number];
export type AddOn = PlansCatalog['addOns'][number];

/** A catalog that cannot be read or is invalid; stops the start like a bad configuration. */
export class PlansCatalogError extends ConfigError {}

/** The annual price in minor units: monthly × 12 less the discount, rounded to the nearest unit. */
export function annualPrice(priceMonthly: number, discountPercent: number): number {
  return Math.round((priceMonthly * 12 * (100 - discountPercent)) / 100);
}

/**
 * Reads and validates a plans catalog (default: the one shipped with Levqor). Throws
 * `PlansCatalogError` naming the file and every problem with its path, e.g.
 * `plans[2].priceMonthly: expected a positive integer`.
 */
export function loadPlansCatalog(source: URL | string = PLANS_CATALOG_URL): PlansCatalog {
  const path = source instanceof URL ? fileURLToPath(source) : source;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PlansCatalogError(`invalid plans catalog ${path}: ${(error as Error).message}`);
  }
  const parsed = catalogSchema.safeParse(data, { error: humanErrorMap });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${joinPath('', issue.path) || '(root)'}: ${issue.message}`);
    throw new PlansCatalogError(`invalid plans catalog ${path}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The plan of the operator's own `default` workspace on a self-hosted install (no Stripe): not sold, not
 * in the catalog, and without quotas or resource limits — the install is the operator's. Workspaces
 * signed up on it start on the trial; the operator moves them with `levqor billing set-plan`.
 */
export const SELF_HOSTED_PLAN_ID = 'self_hosted';

/** Every plan id a workspace may be on: the trial, the self-hosted plan, the catalog's plans and API tiers. */
export function planIds(catalog: PlansCatalog): string[] {
  return ['trial', ...catalog.plans.map((p) => p.id), ...catalog.apiTiers.map((t) => t.id), SELF_HOSTED_PLAN_ID];
}

export function planById(catalog: PlansCatalog, planId: string): Plan | undefined {
  return catalog.plans.find((plan) => plan.id === planId);
}

export function apiTierById(catalog: PlansCatalog, tierId: string): ApiTier | undefined {
  return catalog.apiTiers.find((tier) => tier.id === tierId);
}

export function addOnById(catalog: PlansCatalog, addOnId: string): AddOn | undefined {
  return catalog.addOns.find((addOn) => addOn.id === addOnId);
}

const formatters = new Map<Currency, Intl.NumberFormat>();

/** Minor units as a display price: `formatMoney(900, 'GBP')` → `£9.00`, `formatMoney(150, 'USD')` → `$1.50`. */
export function formatMoney(amount: number, code: Currency): string {
  let format = formatters.get(code);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2 });
    formatters.set(code, format);
  }
  return format.format(amount / 100);
}
