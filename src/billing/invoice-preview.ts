import type { UsageReport, UsageService } from '../metering/usage-service.ts';
import type { BillingStore } from './billing-store.ts';
import { addOnById, apiTierById, formatMoney, planById, type Currency, type PlansCatalog } from './plans.ts';

interface Money {
  amount: number;
  currency: Currency;
  display: string;
}

export interface PreviewLine {
  kind: 'plan' | 'api_tier' | 'overage' | 'add_on';
  item: string;
  description: string;
  quantity: number;
  amount: Money;
}

export interface InvoicePreview {
  plan: UsageReport['plan'];
  subscription_status: string | null;
  interval: string | null;
  period_start: string;
  reset_date: string;
  usage: { calls_used: number; included_calls: number | null; overage_calls: number };
  lines: PreviewLine[];
  /** One total per currency: workflow plans are priced in GBP and API tiers and add-ons in USD; they are never summed. */
  totals: { currency: Currency; subtotal: Money; credits_applied: Money; total: Money }[];
  credits: { currency: Currency; balance: Money; after_invoice: Money }[];
}

const money = (amount: number, currency: Currency): Money => ({ amount, currency, display: formatMoney(amount, currency) });

/**
 * The current period's invoice as it stands: the plan or API tier fee for the billing interval (nothing
 * while trialling), overage calls at the tier's price (the very numbers of GET /api/v1/usage), the monthly
 * Integrity Pack, and credits applied per currency up to that currency's subtotal (never below zero).
 */
export async function invoicePreview(workspaceId: string, deps: { usage: UsageService; store: BillingStore; catalog: PlansCatalog }): Promise<InvoicePreview> {
  const { usage, store, catalog } = deps;
  const report = await usage.report(workspaceId);
  const row = await store.get(workspaceId);
  const status = row?.subscription_status ?? null;
  const trialling = status === 'trialing';
  const lines: PreviewLine[] = [];
  const plan = planById(catalog, report.plan.id);
  const tier = apiTierById(catalog, report.plan.id);
  if (plan) {
    const annual = row?.billing_interval === 'year';
    const fee = trialling ? 0 : annual ? plan.priceAnnual : plan.priceMonthly;
    lines.push({ kind: 'plan', item: plan.id, description: `${plan.name} plan (${annual ? 'annual' : 'monthly'})${trialling ? ', free trial' : ''}`, quantity: 1, amount: money(fee, plan.currency) });
  }
  if (tier) {
    lines.push({ kind: 'api_tier', item: tier.id, description: `API ${tier.name} (monthly, ${tier.includedCalls.toLocaleString('en-US')} calls included)${trialling ? ', free trial' : ''}`, quantity: 1, amount: money(trialling ? 0 : tier.priceMonthly, tier.currency) });
    lines.push({
      kind: 'overage',
      item: tier.id,
      description: `${report.overage_calls.toLocaleString('en-US')} calls over the included ${tier.includedCalls.toLocaleString('en-US')} at ${formatMoney(tier.overagePer1000, tier.currency)} per 1,000`,
      quantity: report.overage_calls,
      amount: money(report.overage_cost.amount, tier.currency),
    });
  }
  const pack = addOnById(catalog, 'integrity_pack');
  if (pack && row?.integrity_pack === 'monthly' && pack.priceMonthly !== undefined) {
    lines.push({ kind: 'add_on', item: pack.id, description: `${pack.name} (monthly)`, quantity: 1, amount: money(pack.priceMonthly, pack.currency) });
  }

  const balances = await store.creditBalances(workspaceId);
  const currencies = [...new Set([...lines.map((l) => l.amount.currency), ...(Object.keys(balances) as Currency[])])];
  if (currencies.length === 0) currencies.push(catalog.plans[0].currency);
  const totals: InvoicePreview['totals'] = [];
  const credits: InvoicePreview['credits'] = [];
  for (const currency of currencies) {
    const subtotal = lines.filter((l) => l.amount.currency === currency).reduce((sum, l) => sum + l.amount.amount, 0);
    const balance = Math.max(0, balances[currency] ?? 0);
    const applied = Math.min(balance, subtotal);
    totals.push({ currency, subtotal: money(subtotal, currency), credits_applied: money(applied, currency), total: money(subtotal - applied, currency) });
    if (balances[currency] !== undefined) credits.push({ currency, balance: money(balance, currency), after_invoice: money(balance - applied, currency) });
  }
  return {
    plan: report.plan,
    subscription_status: status,
    interval: row?.billing_interval ?? null,
    period_start: report.period_start,
    reset_date: report.reset_date,
    usage: { calls_used: report.calls_used, included_calls: report.calls_included, overage_calls: report.overage_calls },
    lines,
    totals,
    credits,
  };
}
