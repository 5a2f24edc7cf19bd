import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Stripe from 'stripe';
import { Referrals } from '../src/billing/referrals.ts';
import { BillingStore } from '../src/billing/billing-store.ts';
import { loadPlansCatalog, type PlansCatalog } from '../src/billing/plans.ts';
import { createStripeClient } from '../src/billing/stripe/stripe-client.ts';
import { syncChanged, syncStripeCatalog } from '../src/billing/stripe/sync-catalog.ts';
import { UsageReporter, usageIdentifier } from '../src/billing/stripe/usage-reporter.ts';
import { StripeWebhooks } from '../src/billing/stripe/webhook-handler.ts';
import { applyUsageBatch, utcDay } from '../src/metering/usage-ledger.ts';
import { databaseKinds } from './support/databases.ts';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts';
import { deliverStripeEvent, stripeEvent } from './support/stripe-webhooks.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Stripe billing and the invoice preview (issue 4, points 6 and 7). The official SDK talks to a local
 * fake of the Stripe endpoints (test/support/fake-stripe.ts); webhooks are signed with the SDK's own
 * test-header helper. Runs on PGlite and PostgreSQL, with in-process counters and with Redis.
 */

const WEBHOOK_SECRET = 'whsec_levqor_test_secret';
const redisUrls: (string | undefined)[] = process.env.TEST_REDIS_URL ? [undefined, process.env.TEST_REDIS_URL] : [undefined];
const settle = () => new Promise((resolve) => setImmediate(resolve));

function stripeEnv(fake: FakeStripe) {
  return { STRIPE_SECRET_KEY: 'sk_test_levqor_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url, LEVQOR_PUBLIC_URL: 'https://levqor.test' };
}

const eventOf = (type: string, object: Record<string, unknown>, created?: number) => stripeEvent(type, object, { created });

function deliver(levqor: TestLevqor, event: unknown, options: { secret?: string; timestamp?: number; signature?: string } = {}) {
  const { secret = WEBHOOK_SECRET, ...rest } = options;
  return deliverStripeEvent(levqor, event, secret, { ...rest, contentType: 'application/json; charset=utf-8' });
}

for (const kind of databaseKinds()) {
  for (const redisUrl of redisUrls) {
    describe(`Stripe billing on ${kind} with ${redisUrl ? 'Redis' : 'in-process'} counters`, () => {
      let fake: FakeStripe;
      let levqor: TestLevqor;
      let catalog: PlansCatalog;
      let workspaceId: string;
      const billingRow = () => levqor.database.db.selectFrom('workspace_billing').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
      const billingRowIfAny = () => levqor.database.db.selectFrom('workspace_billing').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
      const eventCount = async () => Number((await levqor.database.db.selectFrom('stripe_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

      before(async () => {
        fake = await startFakeStripe();
        levqor = await startTestLevqor(kind, {
          env: {
            ...stripeEnv(fake),
            LEVQOR_USAGE_FLUSH_MS: '60000',
            LEVQOR_RATE_LIMITS: JSON.stringify({ enabled: false }),
            ...(redisUrl ? { REDIS_URL: redisUrl, LEVQOR_REDIS_PREFIX: `levqor-billing-test:${randomBytes(6).toString('hex')}:` } : {}),
          },
        });
        catalog = loadPlansCatalog();
        workspaceId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
      });

      after(async () => {
        await levqor?.close();
        await fake?.close();
      });

      test('sync-stripe creates the catalog by lookup key; a second run changes nothing; a new amount replaces the price', async () => {
        const stripe = (await createStripeClient(levqor.config.stripe))!;
        const first = await syncStripeCatalog(stripe, catalog);
        assert.equal(first.meter.action, 'created');
        assert.ok(first.prices.every((p) => p.action === 'created'));
        assert.deepEqual(first.prices.map((p) => p.lookupKey).sort(), [
          'agency_annual', 'agency_monthly', 'api_developer_monthly', 'api_developer_overage', 'api_enterprise_monthly', 'api_enterprise_overage',
          'api_professional_monthly', 'api_professional_overage', 'growth_annual', 'growth_monthly', 'integrity_pack_monthly', 'integrity_pack_one_time',
          'launch_annual', 'launch_monthly', 'scale_annual', 'scale_monthly',
        ]);
        assert.equal(fake.priceByLookupKey('growth_annual')!.unit_amount, 27840);
        const overage = fake.priceByLookupKey('api_developer_overage')!;
        assert.deepEqual([overage.unit_amount_decimal, overage.recurring.usage_type, overage.recurring.meter], ['0.3', 'metered', first.meter.id]);

        const writes = fake.writes.length;
        const second = await syncStripeCatalog(stripe, catalog);
        assert.equal(syncChanged(second), false, JSON.stringify(second));
        assert.equal(fake.writes.length, writes, 'the second run sent no write to Stripe');

        const dearer = structuredClone(catalog);
        dearer.plans[0].priceMonthly = 1000;
        const old = fake.priceByLookupKey('launch_monthly')!;
        const third = await syncStripeCatalog(stripe, dearer);
        assert.deepEqual(third.prices.filter((p) => p.action !== 'unchanged').map((p) => [p.lookupKey, p.action]), [['launch_monthly', 'replaced']]);
        assert.equal(fake.priceByLookupKey('launch_monthly')!.unit_amount, 1000);
        assert.equal(old.active, false, 'the old price is archived');
        assert.equal(old.lookup_key, null, 'the lookup key moved to the new price');
        assert.equal(third.prices.filter((p) => p.action === 'replaced').length, 1);
        const back = await syncStripeCatalog(stripe, catalog);
        assert.equal(fake.priceByLookupKey('launch_monthly')!.unit_amount, 900);
        assert.ok(syncChanged(back));
      });

      test('checkout refuses an unknown plan or interval (422 naming the field) and creates nothing', async () => {
        const customers = fake.customers.size;
        const unknown = await levqor.api('POST', '/api/v1/billing/checkout', { plan: 'platinum' });
        assert.equal(unknown.status, 422);
        assert.equal(unknown.body.error.code, 'unknown_plan');
        assert.equal(unknown.body.error.details[0].path, 'body.plan');
        assert.match(unknown.body.error.message, /launch, growth, scale, agency, api_developer/);
        const interval = await levqor.api('POST', '/api/v1/billing/checkout', { plan: 'api_developer', interval: 'year' });
        assert.deepEqual([interval.status, interval.body.error.code, interval.body.error.details[0].path], [422, 'invalid_interval', 'body.interval']);
        assert.equal(fake.customers.size, customers);
        assert.equal(fake.sessions.size, 0);
        assert.equal((await billingRowIfAny())?.stripe_customer_id ?? null, null);
      });

      let growthSubscription = '';
      test('a plan checkout starts a trial; the completed-checkout webhook puts the workspace on the plan; a replay changes nothing', async () => {
        const started = await levqor.api('POST', '/api/v1/billing/checkout', { plan: 'growth', interval: 'month' });
        assert.equal(started.status, 200, JSON.stringify(started.body));
        assert.match(started.body.url, /^https:\/\/checkout\.stripe\.test\//);
        const session = fake.sessions.get(started.body.id)!;
        assert.equal(session.mode, 'subscription');
        assert.equal(session._subscriptionData.trial_period_days, String(catalog.trialDays));
        assert.equal(session.success_url, 'https://levqor.test/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}');
        assert.equal(session._lineItems[0].price, fake.priceByLookupKey('growth_monthly')!.id);
        assert.equal((await billingRow()).plan_id, 'trial', 'nothing changes before Stripe reports the payment');

        const completed = fake.completeCheckout(started.body.id);
        growthSubscription = completed.subscription;
        const event = eventOf('checkout.session.completed', completed);
        const answer = await deliver(levqor, event);
        assert.deepEqual([answer.status, answer.body.outcome], [200, 'processed']);
        const row = await billingRow();
        assert.deepEqual([row.plan_id, row.subscription_status, row.billing_interval, row.stripe_subscription_id], ['growth', 'trialing', 'month', growthSubscription]);
        assert.ok(row.trial_end && row.trial_end > new Date());

        const events = await eventCount();
        const replay = await deliver(levqor, event);
        assert.deepEqual([replay.status, replay.body.outcome], [200, 'duplicate']);
        assert.equal(await eventCount(), events);
        assert.deepEqual(await billingRow(), row);

        const state = await levqor.api('GET', '/api/v1/billing');
        assert.deepEqual([state.body.plan, state.body.subscription_status, state.body.has_billing_account, state.body.configured], ['growth', 'trialing', true, true]);
        const again = await levqor.api('POST', '/api/v1/billing/checkout', { plan: 'scale' });
        assert.deepEqual([again.status, again.body.error.code], [409, 'already_subscribed']);
        const portal = await levqor.api('POST', '/api/v1/billing/portal');
        assert.equal(portal.status, 200);
        assert.match(portal.body.url, /^https:\/\/billing\.stripe\.test\//);
      });

      test('subscription webhooks re-read the subscription: an older event delivered late does not regress the plan', async () => {
        const older = eventOf('customer.subscription.updated', structuredClone(fake.subscriptions.get(growthSubscription)!), Math.floor(Date.now() / 1000) - 60);
        const upgraded = fake.updateSubscription(growthSubscription, { lookupKeys: ['scale_annual'], status: 'active' });
        const newer = await deliver(levqor, eventOf('customer.subscription.updated', upgraded));
        assert.deepEqual([newer.status, newer.body.outcome], [200, 'processed']);
        let row = await billingRow();
        assert.deepEqual([row.plan_id, row.subscription_status, row.billing_interval], ['scale', 'active', 'year']);
        const late = await deliver(levqor, older);
        assert.deepEqual([late.status, late.body.outcome], [200, 'processed']);
        row = await billingRow();
        assert.deepEqual([row.plan_id, row.subscription_status, row.billing_interval], ['scale', 'active', 'year'], 'the stale copy in the event was not applied');
      });

      test('a plan change calls onPlanChanged after the commit; an unchanged plan does not', async () => {
        const changed: string[] = [];
        const webhooks = new StripeWebhooks({
          stripe: (await createStripeClient(levqor.config.stripe)),
          webhookSecret: WEBHOOK_SECRET,
          store: new BillingStore(levqor.database.db),
          catalog,
          referrals: new Referrals(levqor.database.db, catalog),
          onPlanChanged: async (id) => {
            changed.push(`${id}:${(await billingRow()).plan_id}`);
          },
        });
        const sign = (event: unknown) => {
          const payload = JSON.stringify(event);
          return webhooks.handle(Buffer.from(payload), Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
        };
        const start = Math.floor(Date.now() / 1000);
        assert.equal((await sign(eventOf('customer.subscription.updated', fake.updateSubscription(growthSubscription, { lookupKeys: ['agency_monthly'], periodStart: start })))).outcome, 'processed');
        assert.deepEqual(changed, [`${workspaceId}:agency`]);
        assert.equal((await sign(eventOf('customer.subscription.updated', fake.subscriptions.get(growthSubscription)!))).outcome, 'processed');
        assert.deepEqual(changed, [`${workspaceId}:agency`], 'the same plan and period: no callback');
        await sign(eventOf('customer.subscription.updated', fake.updateSubscription(growthSubscription, { lookupKeys: ['scale_annual'], periodStart: start })));
        assert.deepEqual(changed, [`${workspaceId}:agency`, `${workspaceId}:scale`]);
      });

      test('a bad, foreign or expired signature answers 400 invalid_signature and changes nothing', async () => {
        const before = await billingRow();
        const events = await eventCount();
        const downgrade = fake.updateSubscription(growthSubscription, { lookupKeys: ['launch_monthly'] });
        const event = eventOf('customer.subscription.updated', downgrade);
        for (const options of [{ secret: 'whsec_someone_else' }, { timestamp: Math.floor(Date.now() / 1000) - 301 }, { signature: 't=1,v1=deadbeef' }, { signature: '' }]) {
          const answer = await deliver(levqor, event, options);
          assert.deepEqual([answer.status, answer.body.error.code], [400, 'invalid_signature'], JSON.stringify(options));
        }
        assert.equal(await eventCount(), events);
        assert.deepEqual(await billingRow(), before);
        fake.updateSubscription(growthSubscription, { lookupKeys: ['scale_annual'] });
      });

      test('credits: zero or negative amounts answer 422; a paid purchase is credited once', async () => {
        for (const amount of [0, -500, 5_000_000]) {
          const refused = await levqor.api('POST', '/api/v1/billing/purchase-credits', { amount });
          assert.deepEqual([refused.status, refused.body.error.code, refused.body.error.details[0].path], [422, 'invalid_amount', 'body.amount'], String(amount));
        }
        assert.equal((await levqor.api('POST', '/api/v1/billing/purchase-credits', { amount: '12.50' })).status, 400);
        const started = await levqor.api('POST', '/api/v1/billing/purchase-credits', { amount: 2500 });
        assert.equal(started.status, 200, JSON.stringify(started.body));
        const completed = fake.completeCheckout(started.body.id);
        assert.equal((await deliver(levqor, eventOf('checkout.session.completed', completed))).body.outcome, 'processed');
        // Another event about the same session (a different event id) must not credit it again.
        assert.equal((await deliver(levqor, eventOf('checkout.session.async_payment_succeeded', completed))).body.outcome, 'processed');
        const state = await levqor.api('GET', '/api/v1/billing');
        assert.deepEqual(state.body.credits, [{ currency: 'GBP', balance: { amount: 2500, currency: 'GBP', display: '£25.00' } }]);
        // Consumption never takes the balance below zero and counts once per source.
        const store = new BillingStore(levqor.database.db);
        await assert.rejects(store.consumeCredit(workspaceId, 2501, 'GBP', 'test:too-much'), /only 2500 GBP of credits left/);
        assert.equal(await store.consumeCredit(workspaceId, 500, 'GBP', 'test:invoice-1'), true);
        assert.equal(await store.consumeCredit(workspaceId, 500, 'GBP', 'test:invoice-1'), false);
        assert.deepEqual(await store.creditBalances(workspaceId), { GBP: 2000 });
        await levqor.database.db.deleteFrom('billing_credits').where('source', '=', 'test:invoice-1').execute();
      });

      test('usage on an API tier is reported to the meter once per delta; a re-run reports nothing', async () => {
        // Cancel the plan, then subscribe to the Developer API tier (no second trial).
        const cancelled = fake.updateSubscription(growthSubscription, { status: 'canceled' });
        assert.equal((await deliver(levqor, eventOf('customer.subscription.deleted', cancelled))).status, 200);
        assert.equal((await billingRow()).plan_id, 'trial');
        const started = await levqor.api('POST', '/api/v1/billing/checkout', { plan: 'api_developer' });
        assert.equal(started.status, 200, JSON.stringify(started.body));
        assert.equal(fake.sessions.get(started.body.id)!._subscriptionData.trial_period_days, undefined, 'the trial is for the first subscription only');
        assert.equal(fake.sessions.get(started.body.id)!._lineItems[1].quantity, undefined, 'the metered price takes no quantity');
        const completed = fake.completeCheckout(started.body.id);
        assert.equal((await deliver(levqor, eventOf('checkout.session.completed', completed))).status, 200);
        const row = await billingRow();
        assert.deepEqual([row.plan_id, row.subscription_status], ['api_developer', 'active']);

        await settle();
        await levqor.meter.flush();
        const today = utcDay(new Date());
        await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, day: today, apiKeyId: null, category: 'workflows', calls: 12_000 }] });
        const reporter = new UsageReporter(levqor.database.db, { stripe: (await createStripeClient(levqor.config.stripe))!, catalog });
        const first = await reporter.reportAll();
        assert.equal(first.length, 1, JSON.stringify(first));
        const ledgerCalls = await levqor.database.db.selectFrom('usage_daily').select((eb) => eb.fn.sum<string>('calls').as('n')).where('workspace_id', '=', workspaceId).where('day', '>=', utcDay(row.period_start)).executeTakeFirstOrThrow();
        assert.equal(first[0].cumulative, Number(ledgerCalls.n) - 10_000);
        assert.equal(fake.meterEvents.length, 1);
        assert.deepEqual(fake.meterEvents[0].payload, { stripe_customer_id: row.stripe_customer_id, value: String(first[0].quantity) });
        assert.equal(fake.meterEvents[0].identifier, first[0].identifier);

        assert.deepEqual(await reporter.reportAll(), [], 're-running reports nothing');
        assert.equal(fake.meterEvents.length, 1);
        // Two processes reporting at once claim each delta once (the claim locks the workspace's row).
        await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, day: today, apiKeyId: null, category: 'workflows', calls: 50 }] });
        const other = new UsageReporter(levqor.database.db, { stripe: (await createStripeClient(levqor.config.stripe))!, catalog });
        const both = (await Promise.all([reporter.reportAll(), other.reportAll()])).flat();
        // One claim; the other reporter may find it still unconfirmed and send it again — the very same
        // request (identifier and idempotency key), so Stripe records it once.
        assert.deepEqual([...new Set(both.map((l) => `${l.identifier}:${l.quantity}`))], [`${both[0].identifier}:50`]);
        assert.equal(both.filter((l) => l.status === 'sent').length, 1, JSON.stringify(both));
        assert.equal(fake.meterEvents.length, 2);
        await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, day: today, apiKeyId: null, category: 'runs', calls: 100 }] });
        const second = await reporter.reportAll();
        assert.deepEqual(second.map((l) => [l.quantity, l.cumulative]), [[100, first[0].cumulative + 150]]);
        assert.equal(fake.meterEvents.length, 3);
        // A claim whose send was interrupted (crash before Stripe answered) is sent on the next run.
        await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, day: today, apiKeyId: null, category: 'runs', calls: 30 }] });
        const cumulative = second[0].cumulative + 30;
        const periodStart = new Date(second[0].periodStart);
        await levqor.database.db.insertInto('stripe_usage_reports').values({ identifier: usageIdentifier(workspaceId, periodStart, cumulative), workspace_id: workspaceId, period_start: periodStart, metric: 'api_overage_calls', quantity: 30, cumulative }).execute();
        const resent = await reporter.reportAll();
        assert.deepEqual(resent.map((l) => [l.status, l.quantity, l.cumulative]), [['resent', 30, cumulative]]);
        assert.equal(fake.meterEvents.length, 4);
        assert.deepEqual(await reporter.reportAll(), []);
        const stored = await levqor.database.db.selectFrom('stripe_usage_reports').selectAll().where('workspace_id', '=', workspaceId).execute();
        assert.equal(stored.length, 4);
        assert.ok(stored.every((r) => r.reported_at !== null));
      });

      test('the invoice preview matches the ledger: tier fee, overage at the tier price, credits per currency', async () => {
        const usd = await levqor.api('POST', '/api/v1/billing/purchase-credits', { amount: 1000, currency: 'USD' });
        assert.equal(usd.status, 200);
        await deliver(levqor, eventOf('checkout.session.completed', fake.completeCheckout(usd.body.id)));
        await settle();
        const usage = await levqor.api('GET', '/api/v1/usage');
        await settle();
        const preview = await levqor.api('GET', '/api/v1/billing/preview');
        assert.equal(preview.status, 200, JSON.stringify(preview.body));
        const p = preview.body;
        // The usage request itself is one more call by the time the preview is computed.
        assert.equal(p.usage.calls_used, usage.body.calls_used + 1);
        assert.equal(p.usage.overage_calls, usage.body.overage_calls + 1);
        assert.equal(p.period_start, usage.body.period_start);
        assert.equal(p.usage.included_calls, usage.body.calls_included);
        const overage = Math.ceil((p.usage.overage_calls * 300) / 1000);
        assert.deepEqual(p.lines.map((l: any) => [l.kind, l.amount.amount, l.amount.currency]), [['api_tier', 2900, 'USD'], ['overage', overage, 'USD']]);
        const totals = Object.fromEntries(p.totals.map((t: any) => [t.currency, [t.subtotal.amount, t.credits_applied.amount, t.total.amount]]));
        assert.deepEqual(totals, { USD: [2900 + overage, 1000, 1900 + overage], GBP: [0, 0, 0] });
        assert.deepEqual(p.credits.map((c: any) => [c.currency, c.balance.amount, c.after_invoice.amount]).sort(), [['GBP', 2500, 2500], ['USD', 1000, 0]]);
        assert.equal(p.totals.find((t: any) => t.currency === 'USD').total.display, `$${((1900 + overage) / 100).toFixed(2)}`);
      });
    });
  }
}

describe('billing without STRIPE_SECRET_KEY', () => {
  let levqor: TestLevqor;
  before(async () => {
    levqor = await startTestLevqor(databaseKinds()[0]);
  });
  after(async () => levqor?.close());

  test('checkout, credits, portal and the webhook answer 409 billing_not_configured; state and preview still answer', async () => {
    for (const [url, body] of [['/api/v1/billing/checkout', { plan: 'growth' }], ['/api/v1/billing/purchase-credits', { amount: 1000 }], ['/api/v1/billing/portal', undefined]] as const) {
      const answer = await levqor.api('POST', url, body);
      assert.deepEqual([answer.status, answer.body.error.code], [409, 'billing_not_configured'], url);
    }
    const hook = await levqor.server!.inject({ method: 'POST', url: '/api/v1/billing/stripe/webhook', payload: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } });
    assert.deepEqual([hook.statusCode, JSON.parse(hook.body).error.code], [409, 'billing_not_configured']);
    const state = await levqor.api('GET', '/api/v1/billing');
    assert.deepEqual([state.status, state.body.configured, state.body.plan], [200, false, 'trial']);
    const preview = await levqor.api('GET', '/api/v1/billing/preview');
    assert.equal(preview.status, 200);
    assert.deepEqual(preview.body.lines, []);
    assert.equal(preview.body.usage.included_calls, (await levqor.api('GET', '/api/v1/usage')).body.calls_included, 'the trial includes calls too');
    assert.deepEqual(preview.body.totals.map((t: any) => [t.currency, t.total.amount]), [['GBP', 0]]);
  });
});

test('levqor billing sync-stripe prints what it created, then that nothing changed', async () => {
  const fake = await startFakeStripe();
  try {
    const run = () =>
      promisify(execFile)(process.execPath, [fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)), 'billing', 'sync-stripe'], {
        env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...stripeEnv(fake) },
        timeout: 30_000,
      });
    const first = await run();
    assert.match(first.stdout, /price\s+growth_annual\s+created\s+price_/);
    assert.match(first.stdout, /Stripe updated: 25 created, 0 updated, 0 replaced, 0 unchanged\./);
    const second = await run();
    assert.match(second.stdout, /Stripe already matches the catalog; nothing changed\./);
  } finally {
    await fake.close();
  }
});
