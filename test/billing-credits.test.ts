import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadPlansCatalog } from '../src/billing/plans.ts';
import { createStripeClient } from '../src/billing/stripe/stripe-client.ts';
import { syncStripeCatalog } from '../src/billing/stripe/sync-catalog.ts';
import { databaseKinds } from './support/databases.ts';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts';
import { deliverStripeEvent, stripeEvent } from './support/stripe-webhooks.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Purchased credits deducted from real Stripe invoices: on `invoice.created` for a draft, the credits are
 * reserved once per invoice and a negative invoice item of that amount is added (docs/billing.md,
 * "Credits on invoices"). The official SDK talks to the local fake Stripe; webhooks are signed with the
 * SDK's test-header helper. Runs on PGlite and PostgreSQL.
 */

const WEBHOOK_SECRET = 'whsec_levqor_credits_test';

const eventOf = (type: string, object: Record<string, unknown>) => stripeEvent(type, object);
const deliver = (levqor: TestLevqor, event: { id: string }) => deliverStripeEvent(levqor, event, WEBHOOK_SECRET);

for (const kind of databaseKinds()) {
  describe(`credits on Stripe invoices on ${kind}`, () => {
    let fake: FakeStripe;
    let levqor: TestLevqor;
    let subscriptionId: string;

    const gbpBalance = async () => {
      const state = await levqor.api('GET', '/api/v1/billing');
      assert.equal(state.status, 200, JSON.stringify(state.body));
      return state.body.credits.find((c: any) => c.currency === 'GBP')?.balance.amount;
    };
    const creditItems = (invoiceId: string) => [...fake.invoiceItems.values()].filter((item) => item.invoice === invoiceId);
    const claimed = async (eventId: string) => (await levqor.database.db.selectFrom('stripe_events').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) !== undefined;
    const consumptions = () => levqor.database.db.selectFrom('billing_credits').select(['source', 'amount']).where('amount', '<', 0).orderBy('id').execute();

    before(async () => {
      fake = await startFakeStripe();
      levqor = await startTestLevqor(kind, {
        env: {
          STRIPE_SECRET_KEY: 'sk_test_levqor_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url, LEVQOR_PUBLIC_URL: 'https://levqor.test',
          LEVQOR_RATE_LIMITS: JSON.stringify({ enabled: false }),
        },
      });
      await syncStripeCatalog((await createStripeClient(levqor.config.stripe))!, loadPlansCatalog());
      const plan = await levqor.api('POST', '/api/v1/billing/checkout', { plan: 'growth', interval: 'month' });
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      const subscribed = fake.completeCheckout(plan.body.id);
      subscriptionId = subscribed.subscription;
      assert.equal((await deliver(levqor, eventOf('checkout.session.completed', subscribed))).body.outcome, 'processed');
      const credits = await levqor.api('POST', '/api/v1/billing/purchase-credits', { amount: 2500, currency: 'GBP' });
      assert.equal(credits.status, 200, JSON.stringify(credits.body));
      assert.equal((await deliver(levqor, eventOf('checkout.session.completed', fake.completeCheckout(credits.body.id)))).body.outcome, 'processed');
      assert.equal(await gbpBalance(), 2500);
    });

    after(async () => {
      await levqor?.close();
      await fake?.close();
    });

    test('an invoice in another currency, a finalised invoice and one with nothing due are left untouched', async () => {
      const usd = fake.createDraftInvoice(subscriptionId, { amountDue: 2900, currency: 'usd' });
      const open = fake.createDraftInvoice(subscriptionId, { amountDue: 1900 });
      fake.invoices.get(open.id)!.status = 'open';
      const nothingDue = fake.createDraftInvoice(subscriptionId, { amountDue: 0 });
      for (const invoice of [usd, open, nothingDue]) {
        const answer = await deliver(levqor, eventOf('invoice.created', { ...invoice, status: 'draft' }));
        assert.deepEqual([answer.status, answer.body.outcome], [200, 'ignored'], invoice.id);
        assert.deepEqual(creditItems(invoice.id), []);
      }
      assert.equal(fake.invoices.get(usd.id)!.amount_due, 2900);
      assert.equal(await gbpBalance(), 2500);
      assert.deepEqual(await consumptions(), []);
    });

    test('a draft gets one negative item of min(balance, amount due); re-deliveries and other events about it add nothing', async () => {
      const invoice = fake.createDraftInvoice(subscriptionId, { amountDue: 1000 });
      const event = eventOf('invoice.created', invoice);
      const first = await deliver(levqor, event);
      assert.deepEqual([first.status, first.body.outcome], [200, 'processed']);
      const items = creditItems(invoice.id);
      assert.equal(items.length, 1);
      assert.deepEqual([items[0].amount, items[0].currency, items[0].customer, items[0].description], [-1000, 'gbp', invoice.customer, 'Levqor credits applied']);
      assert.equal(fake.invoices.get(invoice.id)!.amount_due, 0, 'Stripe will charge nothing for this invoice');
      assert.equal(await gbpBalance(), 1500);

      assert.equal((await deliver(levqor, event)).body.outcome, 'duplicate');
      // A different event about the same invoice (its current copy, after the item) and one carrying the stale copy.
      assert.equal((await deliver(levqor, eventOf('invoice.created', fake.invoices.get(invoice.id)!))).status, 200);
      assert.equal((await deliver(levqor, eventOf('invoice.created', invoice))).status, 200);
      assert.equal(creditItems(invoice.id).length, 1);
      assert.equal(await gbpBalance(), 1500);
      assert.deepEqual((await consumptions()).map((c) => [c.source, Number(c.amount)]), [[`invoice:${invoice.id}`, -1000]]);

      const preview = await levqor.api('GET', '/api/v1/billing/preview');
      assert.equal(preview.status, 200);
      assert.deepEqual(preview.body.credits.find((c: any) => c.currency === 'GBP').balance.amount, 1500, 'the preview applies what is left');
    });

    test('when Stripe refuses the invoice item, the webhook fails and claims nothing; the re-delivery applies the credits once', async () => {
      const invoice = fake.createDraftInvoice(subscriptionId, { amountDue: 4900 });
      const event = eventOf('invoice.created', invoice);
      fake.refuseNext('/v1/invoiceitems');
      const failed = await deliver(levqor, event);
      assert.deepEqual([failed.status, failed.body.error.code], [502, 'stripe_error']);
      assert.match(failed.body.error.message, new RegExp(`1500 GBP of credits to invoice ${invoice.id}.*stay reserved`));
      assert.equal(await claimed(event.id), false, 'the event is left for Stripe to re-deliver');
      assert.deepEqual(creditItems(invoice.id), []);
      assert.equal(fake.invoices.get(invoice.id)!.amount_due, 4900);

      const retried = await deliver(levqor, event);
      assert.deepEqual([retried.status, retried.body.outcome], [200, 'processed']);
      assert.equal(await claimed(event.id), true);
      assert.deepEqual(creditItems(invoice.id).map((item) => item.amount), [-1500], 'capped at the balance left, sent once');
      assert.equal(fake.invoices.get(invoice.id)!.amount_due, 3400);
      assert.equal(await gbpBalance(), 0);
      assert.equal((await deliver(levqor, eventOf('invoice.created', invoice))).status, 200);
      assert.equal(creditItems(invoice.id).length, 1);
      assert.equal((await consumptions()).filter((c) => c.source === `invoice:${invoice.id}`).length, 1);

      // With nothing left, the next renewal is charged in full.
      const next = fake.createDraftInvoice(subscriptionId, { amountDue: 1900 });
      assert.equal((await deliver(levqor, eventOf('invoice.created', next))).body.outcome, 'ignored');
      assert.deepEqual(creditItems(next.id), []);
    });
  });
}
