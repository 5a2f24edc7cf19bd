import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadPlansCatalog } from '../src/billing/plans.ts';
import { createStripeClient } from '../src/billing/stripe/stripe-client.ts';
import { syncStripeCatalog } from '../src/billing/stripe/sync-catalog.ts';
import { databaseKinds } from './support/databases.ts';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts';
import { SessionClient } from './support/session-client.ts';
import { deliverStripeEvent, stripeEvent } from './support/stripe-webhooks.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Referrals (docs/billing.md, Referrals): a sign-up through `/signup?ref=<code>` is attributed to the
 * workspace of the code; when the referred workspace pays its first invoice (`invoice.paid` with an
 * amount, re-read from the local fake Stripe), the referrer earns the catalog's referralCredit on the
 * credit ledger, once, however often Stripe delivers the event and however many invoices follow.
 */

const WEBHOOK_SECRET = 'whsec_levqor_referrals_test';
const PASSWORD = 'a long enough password';
const REWARD = loadPlansCatalog().referralCredit!;

for (const kind of databaseKinds()) {
  describe(`referrals on ${kind}`, () => {
    let fake: FakeStripe;
    let levqor: TestLevqor;
    let code: string;

    const deliver = (event: { id: string }) => deliverStripeEvent(levqor, event, WEBHOOK_SECRET);
    const summary = async () => {
      const answer = await levqor.api('GET', '/api/v1/referrals');
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body;
    };
    const creditsOf = async (workspaceId: string) =>
      levqor.database.db.selectFrom('billing_credits').select(['source', 'amount', 'currency']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
    const referrerId = async () => (await levqor.database.db.selectFrom('referral_codes').select('workspace_id').where('code', '=', code).executeTakeFirstOrThrow()).workspace_id;

    async function signUp(email: string, referralCode?: string) {
      const client = new SessionClient(levqor.server!);
      const answer = await client.request('POST', '/api/v1/auth/signup', { email, password: PASSWORD, workspaceName: `Shop of ${email}`, ...(referralCode === undefined ? {} : { referralCode }) });
      client.workspace = answer.body?.workspace?.slug;
      return { client, answer };
    }

    before(async () => {
      fake = await startFakeStripe();
      levqor = await startTestLevqor(kind, {
        env: { STRIPE_SECRET_KEY: 'sk_test_levqor_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url, LEVQOR_PUBLIC_URL: 'https://levqor.test' },
      });
      await syncStripeCatalog((await createStripeClient(levqor.config.stripe))!, loadPlansCatalog());
    });

    after(async () => {
      await levqor?.close();
      await fake?.close();
    });

    test('a workspace has one referral link, made on first ask, with nothing attributed yet', async () => {
      const first = await summary();
      assert.match(first.code, /^[a-z2-9]{10}$/);
      assert.equal(first.link, `https://levqor.test/signup?ref=${first.code}`);
      assert.deepEqual([first.signups, first.conversions, first.earned], [0, 0, []]);
      assert.deepEqual(first.reward, { amount: REWARD.amount, currency: REWARD.currency, display: '£10.00' });
      const [again, concurrent] = await Promise.all([summary(), summary()]);
      assert.deepEqual([again.code, concurrent.code], [first.code, first.code]);
      code = first.code;
    });

    test('sign-ups through the link are attributed; an unknown code or an e-mail already taken attributes nothing', async () => {
      const referred = await signUp('referred@example.com', code);
      assert.equal(referred.answer.status, 201, JSON.stringify(referred.answer.body));
      const unknown = await signUp('stranger@example.com', 'zzzzzzzzzz');
      assert.equal(unknown.answer.status, 201, 'an old or mistyped link does not stop the sign-up');
      const taken = await signUp('referred@example.com', code);
      assert.equal(taken.answer.status, 201, 'the answer does not reveal that the e-mail has an account');
      const rows = await levqor.database.db.selectFrom('referrals').select(['referred_workspace_id', 'referrer_workspace_id', 'converted_at']).execute();
      assert.deepEqual(rows, [{ referred_workspace_id: referred.answer.body.workspace.id, referrer_workspace_id: await referrerId(), converted_at: null }]);
      assert.deepEqual([(await summary()).signups, (await summary()).conversions], [1, 0]);
    });

    test('a malformed code is refused naming the field', async () => {
      const bad = await signUp('malformed@example.com', 'not a code!');
      assert.equal(bad.answer.status, 400);
      assert.equal(bad.answer.body.error.code, 'validation_failed');
      assert.equal(bad.answer.body.error.details[0].path, 'body.referralCode');
    });

    test('the first paid invoice of the referred workspace credits the referrer once, whatever is redelivered or paid later', async () => {
      const { client } = await signUp('paying@example.com', code);
      const checkout = await client.request('POST', '/api/v1/billing/checkout', { plan: 'growth', interval: 'month' });
      assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
      const subscribed = fake.completeCheckout(checkout.body.id);
      assert.equal((await deliver(stripeEvent('checkout.session.completed', subscribed))).body.outcome, 'processed');
      const referrer = await referrerId();
      const before = await creditsOf(referrer);

      // The trial's first invoice charges nothing: no conversion yet.
      const trialInvoice = fake.createDraftInvoice(subscribed.subscription, { amountDue: 0 });
      assert.equal((await deliver(stripeEvent('invoice.paid', fake.payInvoice(trialInvoice.id)))).status, 200);
      assert.equal((await summary()).conversions, 0);
      assert.deepEqual(await creditsOf(referrer), before);

      const invoice = fake.createDraftInvoice(subscribed.subscription, { amountDue: 4900 });
      // The event carries a stale draft copy: what counts is the invoice as Stripe has it now.
      const event = stripeEvent('invoice.paid', invoice);
      fake.payInvoice(invoice.id);
      assert.deepEqual([(await deliver(event)).status, (await deliver(event)).body.outcome], [200, 'duplicate']);
      const again = await deliver(stripeEvent('invoice.paid', fake.invoices.get(invoice.id)!));
      assert.deepEqual([again.status, again.body.outcome], [200, 'processed'], 'another event about the same invoice');
      const next = fake.createDraftInvoice(subscribed.subscription, { amountDue: 4900 });
      assert.equal((await deliver(stripeEvent('invoice.paid', fake.payInvoice(next.id)))).status, 200);

      const credited = (await creditsOf(referrer)).filter((c) => c.source.startsWith('referral:'));
      assert.deepEqual(credited.map((c) => [Number(c.amount), c.currency]), [[REWARD.amount, REWARD.currency]]);
      const state = await levqor.api('GET', '/api/v1/billing');
      assert.equal(state.body.credits.find((c: any) => c.currency === 'GBP')?.balance.amount, REWARD.amount);
      const after = await summary();
      assert.deepEqual([after.signups, after.conversions, after.earned], [2, 1, [{ amount: REWARD.amount, currency: 'GBP', display: '£10.00' }]]);
      const row = await levqor.database.db.selectFrom('referrals').select(['converting_invoice_id', 'credit_amount']).where('converted_at', 'is not', null).executeTakeFirstOrThrow();
      assert.deepEqual([row.converting_invoice_id, Number(row.credit_amount)], [invoice.id, REWARD.amount]);

      // The referred workspace itself earns nothing and sees its own, empty referral record.
      const own = await client.request('GET', '/api/v1/referrals');
      assert.deepEqual([own.status, own.body.signups, own.body.conversions, own.body.earned], [200, 0, 0, []]);
      assert.notEqual(own.body.code, code);
    });

    test('a paid invoice of a workspace nobody referred credits nobody', async () => {
      const { client, answer } = await signUp('direct@example.com');
      const checkout = await client.request('POST', '/api/v1/billing/checkout', { plan: 'launch', interval: 'month' });
      const subscribed = fake.completeCheckout(checkout.body.id);
      await deliver(stripeEvent('checkout.session.completed', subscribed));
      const total = async () => Number((await levqor.database.db.selectFrom('billing_credits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const count = await total();
      const invoice = fake.createDraftInvoice(subscribed.subscription, { amountDue: 900 });
      assert.equal((await deliver(stripeEvent('invoice.paid', fake.payInvoice(invoice.id)))).body.outcome, 'processed');
      assert.equal(await total(), count);
      assert.equal((await levqor.database.db.selectFrom('referrals').select('referred_workspace_id').where('referred_workspace_id', '=', answer.body.workspace.id).execute()).length, 0);
    });
  });
}
