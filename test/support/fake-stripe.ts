import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startLocalHttp, type ReceivedRequest } from './local-http.ts';

/*
 * A local stand-in for the Stripe endpoints Levqor uses, for the official SDK pointed at it
 * (STRIPE_API_BASE). State lives in memory; POSTs honour Idempotency-Key (a repeat answers the first
 * response). Only the fields Levqor reads are modelled.
 */

type Obj = Record<string, any>;

/** `a[b][0][c]=1` form or query encoding (what the SDK sends) into nested objects and arrays. */
export function parseStripeForm(text: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: any = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      if (last) node[part] = value;
      else node = node[part] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const list = (data: Obj[], url: string) => ({ object: 'list', data, has_more: false, url });
const MONTH_S = 30 * 86_400;

export async function startFakeStripe() {
  const meters = new Map<string, Obj>();
  const products = new Map<string, Obj>();
  const prices = new Map<string, Obj>();
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const invoices = new Map<string, Obj>();
  const invoiceItems = new Map<string, Obj>();
  const meterEvents: Obj[] = [];
  /** Path → how many more requests to refuse with a 503 (an outage: nothing executed, nothing cached). */
  const refusals = new Map<string, number>();
  const idempotent = new Map<string, { status: number; body: Obj }>();
  const writes: { method: string; path: string }[] = [];

  const notFound = (what: string) => ({ status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } } });
  const ok = (body: Obj) => ({ status: 200, body });

  function route(method: string, path: string, params: Obj): { status: number; body: Obj } {
    const [, , a, b, c] = path.split('/'); // '', 'v1', a, b, c
    if (a === 'billing' && b === 'meters') {
      if (method === 'GET') return ok(list([...meters.values()].filter((m) => !params.status || m.status === params.status), path));
      const meter = { id: id('mtr'), object: 'billing.meter', status: 'active', event_name: params.event_name, display_name: params.display_name, default_aggregation: params.default_aggregation };
      meters.set(meter.id, meter);
      return ok(meter);
    }
    if (a === 'billing' && b === 'meter_events') {
      // Stripe keeps identifiers unique: a repeat is refused, never counted twice.
      if (meterEvents.some((e) => e.identifier === params.identifier)) {
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'duplicate_meter_event', message: 'identifier already used' } } };
      }
      const event = { object: 'billing.meter_event', event_name: params.event_name, identifier: params.identifier, timestamp: Number(params.timestamp), payload: params.payload, created: Math.floor(Date.now() / 1000) };
      meterEvents.push(event);
      return ok(event);
    }
    if (a === 'products') {
      if (method === 'GET') return products.has(b) ? ok(products.get(b)!) : notFound(`product: '${b}'`);
      if (b) {
        const product = products.get(b);
        if (!product) return notFound(`product: '${b}'`);
        Object.assign(product, { name: params.name ?? product.name, active: params.active === undefined ? product.active : params.active === 'true', metadata: { ...product.metadata, ...params.metadata } });
        return ok(product);
      }
      if (products.has(params.id)) return { status: 400, body: { error: { type: 'invalid_request_error', code: 'resource_already_exists', message: 'Product already exists.' } } };
      const product = { id: params.id ?? id('prod'), object: 'product', name: params.name, active: true, metadata: params.metadata ?? {} };
      products.set(product.id, product);
      return ok(product);
    }
    if (a === 'prices') {
      if (method === 'GET' && !b) {
        const keys: string[] = params.lookup_keys ?? [];
        const found = [...prices.values()].filter((p) => keys.includes(p.lookup_key) && (params.active === undefined || String(p.active) === params.active));
        return ok(list(found, path));
      }
      if (b) {
        const price = prices.get(b);
        if (!price) return notFound(`price: '${b}'`);
        if (params.active !== undefined) price.active = params.active === 'true';
        return ok(price);
      }
      const holder = [...prices.values()].find((p) => p.lookup_key === params.lookup_key);
      if (holder && params.transfer_lookup_key !== 'true') {
        return { status: 400, body: { error: { type: 'invalid_request_error', message: `A price (${holder.id}) already uses that lookup key.` } } };
      }
      if (holder) holder.lookup_key = null;
      const price = {
        id: id('price'), object: 'price', active: true, product: params.product, currency: params.currency, lookup_key: params.lookup_key ?? null,
        unit_amount: params.unit_amount === undefined ? null : Number(params.unit_amount), unit_amount_decimal: params.unit_amount_decimal ?? params.unit_amount ?? null,
        recurring: params.recurring ? { interval: params.recurring.interval, usage_type: params.recurring.usage_type ?? 'licensed', meter: params.recurring.meter ?? null } : null,
        type: params.recurring ? 'recurring' : 'one_time', metadata: params.metadata ?? {}, nickname: params.nickname ?? null,
      };
      prices.set(price.id, price);
      return ok(price);
    }
    if (a === 'customers' && method === 'POST') {
      const customer = { id: id('cus'), object: 'customer', name: params.name, metadata: params.metadata ?? {} };
      customers.set(customer.id, customer);
      return ok(customer);
    }
    if (a === 'checkout' && b === 'sessions') {
      if (method === 'GET') return sessions.has(c) ? ok(publicSession(sessions.get(c)!)) : notFound(`checkout.session: '${c}'`);
      const session = {
        id: id('cs_test'), object: 'checkout.session', mode: params.mode, customer: params.customer, client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {}, status: 'open', payment_status: 'unpaid', subscription: null, success_url: params.success_url, cancel_url: params.cancel_url,
        currency: params.line_items?.[0]?.price_data?.currency ?? null, amount_total: null as number | null,
        url: `https://checkout.stripe.test/pay/${randomBytes(6).toString('hex')}`,
        _lineItems: params.line_items ?? [], _subscriptionData: params.subscription_data ?? {},
      };
      sessions.set(session.id, session);
      return ok(publicSession(session));
    }
    if (a === 'billing_portal' && b === 'sessions') {
      if (!customers.has(params.customer)) return notFound(`customer: '${params.customer}'`);
      return ok({ id: id('bps'), object: 'billing_portal.session', customer: params.customer, return_url: params.return_url, url: `https://billing.stripe.test/session/${randomBytes(6).toString('hex')}` });
    }
    if (a === 'invoices' && method === 'GET') return invoices.has(b) ? ok(structuredClone(invoices.get(b)!)) : notFound(`invoice: '${b}'`);
    if (a === 'invoiceitems' && method === 'POST' && !b) {
      const invoice = invoices.get(params.invoice);
      if (!invoice) return notFound(`invoice: '${params.invoice}'`);
      if (invoice.status !== 'draft') return { status: 400, body: { error: { type: 'invalid_request_error', code: 'invoice_not_editable', message: `You can only add invoice items to draft invoices; ${invoice.id} is ${invoice.status}.` } } };
      if (params.currency !== invoice.currency || params.customer !== invoice.customer) return { status: 400, body: { error: { type: 'invalid_request_error', message: 'The invoice item must match the invoice\'s currency and customer.' } } };
      const item = { id: id('ii'), object: 'invoiceitem', customer: params.customer, invoice: invoice.id, amount: Number(params.amount), currency: params.currency, description: params.description ?? null, metadata: params.metadata ?? {} };
      invoiceItems.set(item.id, item);
      invoice.lines.data.push({ id: id('il'), object: 'line_item', amount: item.amount, currency: item.currency, description: item.description, metadata: item.metadata, parent: { type: 'invoice_item_details', invoice_item_details: { invoice_item: item.id } } });
      invoice.total += item.amount;
      invoice.amount_due = Math.max(0, invoice.total);
      return ok(item);
    }
    if (a === 'subscriptions' && method === 'GET') return subscriptions.has(b) ? ok(subscriptions.get(b)!) : notFound(`subscription: '${b}'`);
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `fake Stripe does not implement ${method} ${path}` } } };
  }

  const http = await startLocalHttp((req: ReceivedRequest, res: ServerResponse) => {
    const url = new URL(req.url, 'http://fake');
    const params = req.method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(req.body);
    const key = req.headers['idempotency-key'];
    const cacheKey = typeof key === 'string' && req.method === 'POST' ? `${url.pathname}|${key}` : undefined;
    const refused = refusals.get(url.pathname) ?? 0;
    if (refused > 0) {
      refusals.set(url.pathname, refused - 1);
      // Stripe-Should-Retry: false keeps the SDK from retrying, so one refusal reaches the caller.
      res.writeHead(503, { 'content-type': 'application/json', 'request-id': id('req'), 'stripe-should-retry': 'false' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: 'fake Stripe is refusing this request (outage)' } }));
      return;
    }
    let answer = cacheKey ? idempotent.get(cacheKey) : undefined;
    if (!answer) {
      answer = route(req.method, url.pathname, params);
      if (req.method === 'POST') writes.push({ method: req.method, path: url.pathname });
      if (cacheKey) idempotent.set(cacheKey, answer);
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(JSON.stringify(answer.body));
  });

  function publicSession(session: Obj): Obj {
    const { _lineItems, _subscriptionData, ...rest } = session;
    return rest;
  }

  /** Stripe's side of a paid Checkout: the session completes and, in subscription mode, a subscription starts. */
  function completeCheckout(sessionId: string): Obj {
    const session = sessions.get(sessionId)!;
    session.status = 'complete';
    session.payment_status = 'paid';
    session.amount_total = session._lineItems.reduce((sum: number, item: Obj) => sum + Number(item.price_data?.unit_amount ?? prices.get(item.price)?.unit_amount ?? 0) * Number(item.quantity ?? 1), 0);
    session.currency ??= prices.get(session._lineItems[0]?.price)?.currency ?? null;
    if (session.mode === 'subscription') {
      const now = Math.floor(Date.now() / 1000);
      const trialDays = Number(session._subscriptionData.trial_period_days ?? 0);
      const subscription = {
        id: id('sub'), object: 'subscription', customer: session.customer, status: trialDays ? 'trialing' : 'active', metadata: session._subscriptionData.metadata ?? {},
        trial_end: trialDays ? now + trialDays * 86_400 : null,
        items: { object: 'list', data: session._lineItems.map((item: Obj) => subscriptionItem(item.price, now)) },
      };
      subscriptions.set(subscription.id, subscription);
      session.subscription = subscription.id;
    }
    return publicSession(session);
  }

  function subscriptionItem(priceId: string, start: number): Obj {
    const price = prices.get(priceId)!;
    return { id: id('si'), object: 'subscription_item', price, quantity: price.recurring?.usage_type === 'metered' ? undefined : 1, current_period_start: start, current_period_end: start + (price.recurring?.interval === 'year' ? 12 : 1) * MONTH_S };
  }

  /** What the customer portal does: switch the subscription to other prices, or change its status. */
  function updateSubscription(subscriptionId: string, change: { lookupKeys?: string[]; status?: string; periodStart?: number }): Obj {
    const subscription = subscriptions.get(subscriptionId)!;
    if (change.lookupKeys) {
      const start = change.periodStart ?? Math.floor(Date.now() / 1000);
      subscription.items.data = change.lookupKeys.map((key) => subscriptionItem([...prices.values()].find((p) => p.lookup_key === key)!.id, start));
    }
    if (change.status) subscription.status = change.status;
    return structuredClone(subscription);
  }

  /** What Stripe does about an hour before a subscription renews: a draft invoice of the subscription's customer. */
  function createDraftInvoice(subscriptionId: string, o: { amountDue: number; currency?: string }): Obj {
    const subscription = subscriptions.get(subscriptionId)!;
    const currency = o.currency ?? subscription.items.data[0].price.currency;
    const invoice = {
      id: id('in'), object: 'invoice', status: 'draft', customer: subscription.customer, currency, total: o.amountDue, amount_due: o.amountDue, metadata: {},
      billing_reason: 'subscription_cycle',
      parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id, metadata: structuredClone(subscription.metadata) } },
      lines: { object: 'list', data: [{ id: id('il'), object: 'line_item', amount: o.amountDue, currency, description: 'Subscription renewal', metadata: {}, parent: null }], has_more: false },
    };
    invoices.set(invoice.id, invoice);
    return structuredClone(invoice);
  }

  /** Stripe finalising and charging an invoice: it becomes `paid` with what was due as `amount_paid`. */
  function payInvoice(invoiceId: string): Obj {
    const invoice = invoices.get(invoiceId)!;
    Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_due: 0 });
    return structuredClone(invoice);
  }

  return {
    url: http.url,
    meters, products, prices, customers, sessions, subscriptions, invoices, invoiceItems, meterEvents, writes,
    createDraftInvoice,
    payInvoice,
    /** The next `times` requests to `path` (e.g. '/v1/invoiceitems') answer 503 without executing. */
    refuseNext: (path: string, times = 1) => void refusals.set(path, times),
    completeCheckout,
    updateSubscription,
    priceByLookupKey: (key: string) => [...prices.values()].find((p) => p.lookup_key === key),
    close: () => http.close(),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
