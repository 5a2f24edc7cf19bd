import { apiTierById, planById, type PlansCatalog } from '../billing/plans.ts';

/** What a workspace's plan allows per monthly period (src/billing/plans-catalog.yaml). */
export interface PlanQuota {
  planId: string;
  planName: string;
  kind: 'trial' | 'plan' | 'api_tier';
  /** Authenticated API calls included in the period. */
  includedCalls: number;
  /** API tiers bill calls beyond `includedCalls`; plans and the trial refuse them (402). */
  overage: boolean;
  /** Runs per period; null when the plan sets none (API tiers). */
  runsPerMonth: number | null;
}

/** The quota of a plan id; an unknown id (a plan retired from the catalog) gets the trial's. */
export function planQuota(catalog: PlansCatalog, planId: string): PlanQuota {
  const tier = apiTierById(catalog, planId);
  if (tier) return { planId: tier.id, planName: `${tier.name} API tier`, kind: 'api_tier', includedCalls: tier.includedCalls, overage: true, runsPerMonth: null };
  const plan = planById(catalog, planId);
  if (plan) return { planId: plan.id, planName: `${plan.name} plan`, kind: 'plan', includedCalls: plan.limits.includedCalls, overage: false, runsPerMonth: plan.limits.runsPerMonth };
  // The trial has the smallest plan's run limit and its own included calls.
  return { planId: 'trial', planName: 'Trial', kind: 'trial', includedCalls: catalog.trialIncludedCalls, overage: false, runsPerMonth: catalog.plans[0].limits.runsPerMonth };
}

/** Where to go from a limit: the same words in the 402 answers, run holds and alert mails. */
export const UPGRADE_HINT = 'choose a plan with GET /api/v1/plans and upgrade with POST /api/v1/billing/checkout';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `2026-12-03` from a reset instant (periods start at 00:00 UTC). */
export function resetDay(reset: Date): string {
  return reset.toISOString().slice(0, 10);
}
