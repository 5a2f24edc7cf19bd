import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import type { PlansCatalog } from '../plans.ts';
import { desiredPrices, type DesiredPrice } from './catalog-prices.ts';
import { OVERAGE_METER_EVENT, type StripeClient } from './stripe-client.ts';

export type SyncAction = 'created' | 'updated' | 'unchanged' | 'replaced';

export interface SyncReport {
  meter: { id: string; action: SyncAction };
  products: { id: string; action: SyncAction }[];
  prices: { lookupKey: string; id: string; action: SyncAction }[];
}

/** Whether the report changed anything in Stripe. */
export const syncChanged = (report: SyncReport) =>
  [report.meter, ...report.products, ...report.prices].some((entry) => entry.action !== 'unchanged');

/**
 * Makes Stripe match the catalog, idempotently: the overage meter by event name, products by fixed ids
 * (`levqor_<catalog id>`, updated in place), prices by lookup key. Prices are immutable in Stripe, so a
 * price whose amount or terms changed is replaced: a new price takes the lookup key over
 * (`transfer_lookup_key`) and the old one is archived (existing subscriptions keep it). A second run
 * changes nothing.
 */
export async function syncStripeCatalog(stripe: StripeClient, catalog: PlansCatalog): Promise<SyncReport> {
  const meter = await syncMeter(stripe);
  const wanted = desiredPrices(catalog);
  const products: SyncReport['products'] = [];
  const seen = new Set<string>();
  for (const price of wanted) {
    if (seen.has(price.productId)) continue;
    seen.add(price.productId);
    products.push({ id: price.productId, action: await syncProduct(stripe, price) });
  }
  const existing = await pricesByLookupKey(stripe, wanted.map((p) => p.lookupKey));
  const prices: SyncReport['prices'] = [];
  for (const price of wanted) {
    const current = existing.get(price.lookupKey);
    if (current && matches(current, price, meter.id)) {
      prices.push({ lookupKey: price.lookupKey, id: current.id, action: 'unchanged' });
      continue;
    }
    const created = await stripe.prices.create(priceParams(price, meter.id, current !== undefined), { idempotencyKey: idempotencyKeyOf(price, meter.id, current?.id) });
    if (current) await stripe.prices.update(current.id, { active: false });
    prices.push({ lookupKey: price.lookupKey, id: created.id, action: current ? 'replaced' : 'created' });
  }
  return { meter, products, prices };
}

async function syncMeter(stripe: StripeClient): Promise<SyncReport['meter']> {
  for await (const meter of stripe.billing.meters.list({ status: 'active', limit: 100 })) {
    if (meter.event_name === OVERAGE_METER_EVENT) return { id: meter.id, action: 'unchanged' };
  }
  const created = await stripe.billing.meters.create(
    {
      display_name: 'Levqor API overage calls',
      event_name: OVERAGE_METER_EVENT,
      default_aggregation: { formula: 'sum' },
      customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
      value_settings: { event_payload_key: 'value' },
    },
    { idempotencyKey: `levqor-meter-${OVERAGE_METER_EVENT}` },
  );
  return { id: created.id, action: 'created' };
}

async function syncProduct(stripe: StripeClient, price: DesiredPrice): Promise<SyncAction> {
  let product: Stripe.Product | undefined;
  try {
    product = await stripe.products.retrieve(price.productId);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError) || error.statusCode !== 404) throw error;
  }
  const metadata = { levqor_catalog_id: price.catalogId, levqor_kind: price.kind };
  if (!product) {
    await stripe.products.create({ id: price.productId, name: price.productName, metadata }, { idempotencyKey: `levqor-product-${price.productId}` });
    return 'created';
  }
  if (product.name === price.productName && product.active && product.metadata?.levqor_catalog_id === price.catalogId) return 'unchanged';
  await stripe.products.update(price.productId, { name: price.productName, active: true, metadata });
  return 'updated';
}

/** Current prices by lookup key (the API takes at most 10 keys per request). */
async function pricesByLookupKey(stripe: StripeClient, keys: string[]): Promise<Map<string, Stripe.Price>> {
  const found = new Map<string, Stripe.Price>();
  for (let i = 0; i < keys.length; i += 10) {
    const page = await stripe.prices.list({ lookup_keys: keys.slice(i, i + 10), limit: 100 });
    for (const price of page.data) if (price.lookup_key) found.set(price.lookup_key, price);
  }
  return found;
}

function matches(current: Stripe.Price, wanted: DesiredPrice, meterId: string): boolean {
  const product = typeof current.product === 'string' ? current.product : current.product.id;
  return (
    current.active &&
    product === wanted.productId &&
    current.currency === wanted.currency &&
    (wanted.unitAmount === null || current.unit_amount === wanted.unitAmount) &&
    (wanted.unitAmountDecimal === null || String(current.unit_amount_decimal) === wanted.unitAmountDecimal) &&
    (current.recurring?.interval ?? null) === wanted.interval &&
    (current.recurring?.usage_type === 'metered') === wanted.metered &&
    (!wanted.metered || current.recurring?.meter === meterId) &&
    current.metadata?.levqor_catalog_id === wanted.catalogId
  );
}

function priceParams(price: DesiredPrice, meterId: string, transfer: boolean): Stripe.PriceCreateParams {
  return {
    product: price.productId,
    currency: price.currency,
    lookup_key: price.lookupKey,
    transfer_lookup_key: transfer || undefined,
    nickname: `${price.productName} (${price.role})`,
    metadata: { levqor_catalog_id: price.catalogId, levqor_kind: price.kind, levqor_role: price.role },
    ...(price.unitAmountDecimal !== null ? { unit_amount_decimal: Stripe.Decimal.from(price.unitAmountDecimal) } : { unit_amount: price.unitAmount ?? 0 }),
    ...(price.interval
      ? { recurring: price.metered ? { interval: price.interval, usage_type: 'metered', meter: meterId } : { interval: price.interval } }
      : {}),
  };
}

/**
 * The same entry with the same terms replacing the same price always sends the same key, so a retried
 * create makes one price; the replaced price is part of it so that going back to earlier terms is a new price.
 */
function idempotencyKeyOf(price: DesiredPrice, meterId: string, replacing: string | undefined): string {
  const terms = JSON.stringify([price.productId, price.currency, price.unitAmount, price.unitAmountDecimal, price.interval, price.metered, meterId, replacing ?? null]);
  return `levqor-price-${price.lookupKey}-${createHash('sha256').update(terms).digest('hex').slice(0, 16)}`;
}
