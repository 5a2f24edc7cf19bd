import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadPlansCatalog, type PlansCatalog } from '../src/billing/plans.ts';
import { createStripeClient } from '../src/billing/stripe/stripe-client.ts';
import { syncStripeCatalog } from '../src/billing/stripe/sync-catalog.ts';
import { UsageReporter, UsageReportFailure } from '../src/billing/stripe/usage-reporter.ts';
import { applyUsageBatch } from '../src/metering/usage-ledger.ts';
import { periodAt, UsageService } from '../src/metering/usage-service.ts';
import { databaseKinds } from './support/databases.ts';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts';
import { deliverStripeEvent, stripeEvent } from './support/stripe-webhooks.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Billing periods of a Stripe subscription anchored on the 31st: Stripe renews it on the last day of
 * shorter months and goes back to the 31st after (Jan 31 → Feb 28 → Mar 31). Usage periods, quotas and
 * the overage reported to the meter must follow the same days, and the overage of a period that just
 * ended must still be reported after the renewal webhook moved the workspace to the next period.
 */

const WEBHOOK_SECRET = 'whsec_levqor_periods_test';
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

for (const kind of databaseKinds()) {
  describe(`billing periods of a subscription anchored on the 31st on ${kind}`, () => {
    let fake: FakeStripe;
    let levqor: TestLevqor;
    let catalog: PlansCatalog;
    let workspaceId: string;
    const subscriptionId = `sub_${randomBytes(6).toString('hex')}`;
    const customerId = `cus_${randomBytes(6).toString('hex')}`;

    const deliverSubscription = async (periodStart: string, periodEnd: string) => {
      const item = (lookupKey: string) => ({
        id: `si_${randomBytes(6).toString('hex')}`, object: 'subscription_item', price: fake.priceByLookupKey(lookupKey),
        current_period_start: seconds(periodStart), current_period_end: seconds(periodEnd),
      });
      const subscription = {
        id: subscriptionId, object: 'subscription', customer: customerId, status: 'active', metadata: { levqor_workspace_id: workspaceId },
        billing_cycle_anchor: seconds('2026-01-31T14:23:00Z'), trial_end: null,
        items: { object: 'list', data: [item('api_developer_monthly'), item('api_developer_overage')] },
      };
      fake.subscriptions.set(subscriptionId, subscription);
      const response = await deliverStripeEvent(levqor, stripeEvent('customer.subscription.updated', subscription), WEBHOOK_SECRET);
      assert.deepEqual([response.status, response.body.outcome], [200, 'processed'], response.text);
    };

    before(async () => {
      fake = await startFakeStripe();
      levqor = await startTestLevqor(kind, {
        env: { STRIPE_SECRET_KEY: 'sk_test_levqor_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url, LEVQOR_PUBLIC_URL: 'https://levqor.test', LEVQOR_USAGE_FLUSH_MS: '60000' },
      });
      catalog = loadPlansCatalog();
      await syncStripeCatalog((await createStripeClient(levqor.config.stripe))!, catalog);
      workspaceId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
      await levqor.api('GET', '/api/v1/billing');
      await levqor.database.db.updateTable('workspace_billing').set({ stripe_customer_id: customerId }).where('workspace_id', '=', workspaceId).execute();
    });

    after(async () => {
      await levqor?.close();
      await fake?.close();
    });

    test('after the renewal on Feb 28 the period runs to Mar 31, as Stripe bills it (not to Mar 28)', async () => {
      await deliverSubscription('2026-02-28T14:23:00Z', '2026-03-31T14:23:00Z');
      const usage = new UsageService(levqor.database.db, catalog, levqor.meter, () => new Date('2026-03-29T12:00:00Z'));
      const report = await usage.report(workspaceId);
      assert.deepEqual([report.period_start, report.reset_date], ['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
      const state = await levqor.api('GET', '/api/v1/billing');
      const row = await levqor.database.db.selectFrom('workspace_billing').select('period_start').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
      assert.equal(state.body.period_start, periodAt(row.period_start, new Date()).start.toISOString(), 'GET /billing shows the current period, not the anchor');
    });

    test('overage of the period that just ended is reported even when the renewal webhook came first', async () => {
      await levqor.meter.flush();
      await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, day: '2026-03-30', apiKeyId: null, category: 'workflows', calls: 10_500 }] });
      // Stripe renews on Mar 31 and the webhook arrives before the hourly report ran.
      await deliverSubscription('2026-03-31T14:23:00Z', '2026-04-30T14:23:00Z');
      const reporter = new UsageReporter(levqor.database.db, { stripe: (await createStripeClient(levqor.config.stripe))!, catalog, now: () => new Date('2026-03-31T15:00:00Z') });
      const lines = await reporter.reportAll();
      assert.deepEqual(lines.map((l) => [l.periodStart, l.quantity]), [['2026-02-28T00:00:00.000Z', 500]]);
      assert.equal(fake.meterEvents.length, 1);
      assert.ok(fake.meterEvents[0].timestamp < seconds('2026-03-31T00:00:00Z'), 'stamped inside the period it belongs to');
      assert.deepEqual(await reporter.reportAll(), [], 'reported once');
    });

    test("one workspace's Stripe failure leaves the others reported; the next run sends the failed one", async () => {
      const other = randomUUID();
      await levqor.database.db.insertInto('workspaces').values({ id: other, slug: `other-${randomBytes(3).toString('hex')}`, name: 'Other' }).execute();
      await levqor.database.db.insertInto('workspace_billing').values({
        workspace_id: other, plan_id: 'api_developer', period_start: new Date('2026-03-01T00:00:00Z'),
        stripe_customer_id: `cus_${randomBytes(6).toString('hex')}`, stripe_subscription_id: `sub_${randomBytes(6).toString('hex')}`,
      }).execute();
      await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [
        { workspaceId, day: '2026-03-31', apiKeyId: null, category: 'workflows', calls: 10_100 },
        { workspaceId: other, day: '2026-03-15', apiKeyId: null, category: 'workflows', calls: 10_200 },
      ] });
      const reporter = new UsageReporter(levqor.database.db, { stripe: (await createStripeClient(levqor.config.stripe))!, catalog, now: () => new Date('2026-03-31T15:00:00Z') });
      const sentBefore = fake.meterEvents.length;
      // Workspaces are reported in id order: the first one's meter event is refused.
      const [first, second] = [workspaceId, other].sort();
      fake.refuseNext('/v1/billing/meter_events', 1);
      const failure = await reporter.reportAll().then(() => assert.fail('expected a failure'), (error: unknown) => error);
      assert.ok(failure instanceof UsageReportFailure, String(failure));
      assert.match(failure.message, new RegExp(`usage of 1 workspace\\(s\\) could not be reported to Stripe \\(first: workspace ${first}`));
      assert.deepEqual(failure.lines.map((l) => [l.workspaceId, l.quantity]), [[second, second === other ? 200 : 100]]);
      assert.equal(fake.meterEvents.length, sentBefore + 1);
      const retried = await reporter.reportAll();
      assert.deepEqual(retried.map((l) => [l.workspaceId, l.quantity]), [[first, first === other ? 200 : 100]]);
      assert.deepEqual(await reporter.reportAll(), [], 'nothing left');
      assert.equal(fake.meterEvents.length, sentBefore + 2);
    });
  });
}
