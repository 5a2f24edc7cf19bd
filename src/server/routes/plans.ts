import type { FastifyInstance } from 'fastify';
import { plansResponseSchema } from './plan-schemas.ts';
import { formatMoney, type Currency, type PlanLimits, type PlansCatalog } from '../../billing/plans.ts';

function money(amount: number, currency: Currency) {
  return { amount, display: formatMoney(amount, currency) };
}

function supportSla(limits: PlanLimits): string {
  return limits.supportResponseHours === null ? 'best effort' : `${limits.supportResponseHours} h`;
}

/** The public price list: amounts in minor units with display strings, computed once from the catalog. */
export function plansResponse(catalog: PlansCatalog) {
  const discount = catalog.annualDiscountPercent;
  return {
    currency: catalog.plans[0].currency,
    trialDays: catalog.trialDays,
    trialDataRetentionDays: catalog.trialDataRetentionDays,
    trialIncludedCalls: catalog.trialIncludedCalls,
    annualDiscountPercent: discount,
    plans: catalog.plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      currency: plan.currency,
      trialDays: catalog.trialDays,
      priceMonthly: money(plan.priceMonthly, plan.currency),
      priceAnnual: money(plan.priceAnnual, plan.currency),
      annualPerMonth: money(Math.round(plan.priceAnnual / 12), plan.currency),
      annualSavings: { ...money(plan.priceMonthly * 12 - plan.priceAnnual, plan.currency), percent: discount },
      limits: { ...plan.limits, supportSla: supportSla(plan.limits) },
    })),
    apiTiers: catalog.apiTiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      currency: tier.currency,
      priceMonthly: money(tier.priceMonthly, tier.currency),
      includedCalls: tier.includedCalls,
      overagePer1000: money(tier.overagePer1000, tier.currency),
      overageDisplay: `${formatMoney(tier.overagePer1000, tier.currency)} per 1,000 calls over ${tier.includedCalls.toLocaleString('en-US')}`,
    })),
    addOns: catalog.addOns.map((addOn) => ({
      id: addOn.id,
      name: addOn.name,
      currency: addOn.currency,
      priceOneTime: addOn.priceOneTime === undefined ? null : money(addOn.priceOneTime, addOn.currency),
      priceMonthly: addOn.priceMonthly === undefined ? null : money(addOn.priceMonthly, addOn.currency),
    })),
  };
}

export function registerPlanRoutes(app: FastifyInstance, catalog: PlansCatalog): void {
  const body = plansResponse(catalog);
  app.get('/api/v1/plans', {
    config: { access: 'public' },
    schema: { tags: ['billing'], summary: 'Plans, API tiers and add-ons with prices and limits (no credentials needed)', security: [], response: { 200: plansResponseSchema } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return body;
  });
}
