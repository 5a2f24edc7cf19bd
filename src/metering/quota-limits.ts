import { apiTierById, planById, SELF_HOSTED_PLAN_ID, type PlansCatalog } from '../billing/plans.ts';

/** What a workspace's plan allows per monthly period (src/billing/plans-catalog.yaml). */
export interface PlanQuota {
  planId: string;
  planName: string;
  kind: 'trial' | 'plan' | 'api_tier' | 'self_hosted';
  /** Authenticated API calls included in the period; null: no limit (the self-hosted plan). */
  includedCalls: number | null;
  /** API tiers bill calls beyond `includedCalls`; plans and the trial refuse them (402). */
  overage: boolean;
  /** Runs per period; null when the plan sets none (API tiers). */
  runsPerMonth: number | null;
}

/** The quota of a plan id; an unknown id (a plan retired from the catalog) gets the trial's. */
export function planQuota(catalog: PlansCatalog, planId: string): PlanQuota {
  if (planId === SELF_HOSTED_PLAN_ID) return { planId, planName: 'Self-hosted plan', kind: 'self_hosted', includedCalls: null, overage: false, runsPerMonth: null };
  const tier = apiTierById(catalog, planId);
  if (tier) return { planId: tier.id, planName: `${tier.name} API tier`, kind: 'api_tier', includedCalls: tier.includedCalls, overage: true, runsPerMonth: null };
  const plan = planById(catalog, planId);
  if (plan) return { planId: plan.id, planName: `${plan.name} plan`, kind: 'plan', includedCalls: plan.limits.includedCalls, overage: false, runsPerMonth: plan.limits.runsPerMonth };
  // The trial has the smallest plan's run limit and its own included calls.
  return { planId: 'trial', planName: 'Trial', kind: 'trial', includedCalls: catalog.trialIncludedCalls, overage: false, runsPerMonth: catalog.plans[0].limits.runsPerMonth };
}

/** Where to go from a limit: the same words in the 402 answers, run holds and alert mails. */
export const UPGRADE_HINT = 'choose a plan with GET /api/v1/plans and upgrade with POST /api/v1/billing/checkout';

/** Where to go from a limit reached by a workspace (by slug): checkout where plans are sold, else the operator's command. */
export type UpgradeHint = (workspaceSlug: string) => string;

/**
 * Stripe sells the plans: checkout. A self-hosted install (no Stripe) sells none: its operator puts the
 * workspace on a plan from the shell.
 */
export function upgradeHint(selfHosted: boolean): UpgradeHint {
  if (!selfHosted) return () => UPGRADE_HINT;
  return (slug) => `on this self-hosted install the operator lifts the limit with "levqor billing set-plan <plan> --workspace ${slug}" (plans: GET /api/v1/plans; "self_hosted" has no quotas or limits)`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `2026-12-03` from a reset instant (periods start at 00:00 UTC). */
export function resetDay(reset: Date): string {
  return reset.toISOString().slice(0, 10);
}
