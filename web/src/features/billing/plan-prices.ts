import type { PlanCatalog } from './useBilling.ts';

export interface PlanPrice {
  name: string;
  monthly: string;
  annual?: string;
}

/** The display prices of a plan or API tier id from the public catalog; undefined for the trial or self-hosted. */
export function priceOf(catalog: PlanCatalog, id: string): PlanPrice | undefined {
  const plan = catalog.plans?.find((p) => p.id === id);
  if (plan) return { name: plan.name ?? id, monthly: plan.priceMonthly?.display ?? '—', annual: plan.priceAnnual?.display };
  const tier = catalog.apiTiers?.find((t) => t.id === id);
  if (tier) return { name: tier.name ?? id, monthly: tier.priceMonthly?.display ?? '—' };
  return undefined;
}
