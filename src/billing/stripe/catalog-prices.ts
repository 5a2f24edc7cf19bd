import type { PlansCatalog } from '../plans.ts';
import { productIdOf } from './stripe-client.ts';

export type CatalogKind = 'plan' | 'api_tier' | 'add_on';
export type PriceRole = 'monthly' | 'annual' | 'overage' | 'one_time';

/** One Stripe price the catalog asks for, identified by its lookup key. */
export interface DesiredPrice {
  lookupKey: string;
  catalogId: string;
  kind: CatalogKind;
  role: PriceRole;
  productId: string;
  productName: string;
  /** Lowercase, as Stripe spells currencies. */
  currency: string;
  /** Minor units; for the metered overage price, `unitAmountDecimal` (minor units per call) is used instead. */
  unitAmount: number | null;
  unitAmountDecimal: string | null;
  interval: 'month' | 'year' | null;
  metered: boolean;
}

export const lookupKeyOf = (catalogId: string, role: PriceRole) => `${catalogId}_${role}`;

/**
 * Every price of the catalog: monthly and annual for plans; monthly plus a metered overage price per call
 * (overagePer1000 / 1000 minor units) for API tiers; one-time and monthly for add-ons that have them.
 */
export function desiredPrices(catalog: PlansCatalog): DesiredPrice[] {
  const prices: DesiredPrice[] = [];
  const add = (catalogId: string, kind: CatalogKind, name: string, currency: string, role: PriceRole, amount: number, interval: 'month' | 'year' | null) =>
    prices.push({
      lookupKey: lookupKeyOf(catalogId, role),
      catalogId,
      kind,
      role,
      productId: productIdOf(catalogId),
      productName: `Levqor ${name}`,
      currency: currency.toLowerCase(),
      unitAmount: role === 'overage' ? null : amount,
      unitAmountDecimal: role === 'overage' ? perCallDecimal(amount) : null,
      interval,
      metered: role === 'overage',
    });
  for (const plan of catalog.plans) {
    add(plan.id, 'plan', plan.name, plan.currency, 'monthly', plan.priceMonthly, 'month');
    add(plan.id, 'plan', plan.name, plan.currency, 'annual', plan.priceAnnual, 'year');
  }
  for (const tier of catalog.apiTiers) {
    add(tier.id, 'api_tier', `API ${tier.name}`, tier.currency, 'monthly', tier.priceMonthly, 'month');
    add(tier.id, 'api_tier', `API ${tier.name}`, tier.currency, 'overage', tier.overagePer1000, 'month');
  }
  for (const addOn of catalog.addOns) {
    if (addOn.priceOneTime !== undefined) add(addOn.id, 'add_on', addOn.name, addOn.currency, 'one_time', addOn.priceOneTime, null);
    if (addOn.priceMonthly !== undefined) add(addOn.id, 'add_on', addOn.name, addOn.currency, 'monthly', addOn.priceMonthly, 'month');
  }
  return prices;
}

/** Minor units per call as an exact decimal string: 300 per 1000 → "0.3", 150 → "0.15". */
export function perCallDecimal(per1000: number): string {
  const whole = Math.floor(per1000 / 1000);
  const fraction = String(per1000 % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
