import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadPlansCatalog } from '../src/billing/plans.ts';
import { createStripeClient } from '../src/billing/stripe/stripe-client.ts';
import { syncStripeCatalog } from '../src/billing/stripe/sync-catalog.ts';
import { expectAccessible } from './support/accessibility.ts';
import { signInInBrowser, signUpByApi } from './support/browser-accounts.ts';
import { launchBrowser, screenshotBothThemes } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { deliverStripeEvent, stripeEvent } from './support/stripe-webhooks.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * /settings/billing in headless Chromium: with Stripe configured (the official SDK against the local
 * fake Stripe) the plan, usage, invoice preview and credit ledger, an upgrade through Checkout (the
 * session the fake received, its return URL back to this page) and the portal; a viewer who may look
 * but not act; and, on a server without Stripe, the operator's command instead of buttons.
 */

const PASSWORD = 'billing pages passphrase';
const WEBHOOK_SECRET = 'whsec_levqor_web_billing_test';
const CHECKOUT_HOST = 'https://checkout.stripe.test/';
const PORTAL_HOST = 'https://billing.stripe.test/';

type Account = Awaited<ReturnType<typeof accountOn>>;

async function accountOn(levqor: TestLevqor, email: string, name: string) {
  return { email, ...(await signUpByApi(levqor, email, PASSWORD, name)) };
}

async function signIn(browser: Browser, base: string, email: string, workspace?: string): Promise<{ page: Page; problems: string[] }> {
  return signInInBrowser(browser, base, email, PASSWORD, { workspace, ready: (page) => page.getByRole('link', { name: 'Settings' }) });
}

const baseOf = (levqor: TestLevqor) => `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;

/** Stripe's pages are elsewhere; the browser's requests to them are answered here, so the test sees where it was sent. */
async function standInFor(page: Page, host: string, title: string) {
  await page.context().route(`${host}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><title>${title}</title><h1>${title}</h1>` }));
}

for (const kind of databaseKinds()) {
  describe(`web app billing with Stripe in Chromium on ${kind}`, () => {
    let fake: FakeStripe;
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let browser: Browser;
    let base: string;
    let owner: Account;

    before(async () => {
      fake = await startFakeStripe();
      mail = await startMailCatcher();
      levqor = await startTestLevqor(kind, {
        listen: true,
        // No LEVQOR_PUBLIC_URL: the return URLs name the address the server listens on, where the browser is.
        env: { STRIPE_SECRET_KEY: 'sk_test_levqor_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url, HOST: '127.0.0.1', SMTP_URL: mail.url, SMTP_FROM: 'Levqor <noreply@levqor.test>' },
      });
      await syncStripeCatalog((await createStripeClient(levqor.config.stripe))!, loadPlansCatalog());
      base = baseOf(levqor);
      browser = await launchBrowser();
      owner = await accountOn(levqor, `billing-owner-${kind}@example.com`, 'Lantern Bakery');
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
      await mail?.close();
      await fake?.close();
    });

    test('plan, usage against its quotas, the usage history, the upcoming invoice and the credit ledger', async () => {
      for (let i = 0; i < 5; i++) await owner.call('GET', '/api/v1/workflows');
      await levqor.meter.flush();
      // A referral reward, as the referral code credits it (docs/billing.md, Referrals).
      await levqor.database.db.insertInto('billing_credits').values({ workspace_id: owner.workspaceId, amount: 1000, currency: 'GBP', source: 'referral:00000000-0000-4000-8000-000000000001' }).execute();
      const ledger = await owner.call('GET', '/api/v1/billing/credits');
      assert.deepEqual(ledger.entries.map((e: any) => [e.kind, e.amount.display]), [['referral', '£10.00']]);
      assert.ok(!JSON.stringify(ledger).includes('00000000-0000-4000-8000-000000000001'), 'the referred workspace is not named');

      const { page, problems } = await signIn(browser, base, owner.email);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Billing' }).click();
      await page.waitForURL(`${base}/settings/billing`, { waitUntil: 'commit' });

      const plan = page.getByRole('region', { name: 'Current plan' });
      await plan.getByText('Free during the trial').waitFor();
      assert.match(await plan.locator('dl').first().innerText(), /Plan\s+Trial/);
      const calls = plan.getByRole('meter', { name: 'API calls' });
      await calls.waitFor();
      const [shown, included] = (await calls.getAttribute('aria-valuetext'))!.split(' of ').map((n) => Number(n.replace(/,/g, '')));
      // Counts only grow: the page's figure is at least the calls made before it, at most what the API says after.
      const usage = await owner.call('GET', '/api/v1/usage');
      assert.ok(shown >= 5 && shown <= usage.calls_used, `${shown} shown, ${usage.calls_used} after`);
      assert.equal(included, usage.calls_included);
      assert.equal(await plan.getByRole('meter', { name: 'Workflow runs' }).getAttribute('aria-valuetext'), `0 of ${(usage.runs_remaining as number).toLocaleString('en-US')}`);
      await plan.getByRole('meter', { name: 'Active workflows' }).waitFor();

      const history = page.getByRole('region', { name: 'Usage history' });
      const callsChart = history.getByRole('img', { name: 'API calls per day, last 30 days' });
      await callsChart.waitFor();
      const today = (await owner.call('GET', '/api/v1/usage/history?days=30')).days.at(-1);
      assert.ok(today.calls >= 5);
      assert.match((await page.locator(`[id="${await callsChart.getAttribute('aria-describedby')}"]`).textContent())!, /^\d+ API calls from .+; the busiest day was/);
      await history.getByRole('img', { name: 'Workflow runs per day, last 30 days' }).waitFor();

      const invoice = page.getByRole('region', { name: 'Upcoming invoice' });
      await invoice.getByText(/Nothing to pay this period|Total \(GBP\)/).waitFor();
      const preview = await owner.call('GET', '/api/v1/billing/preview');
      for (const line of preview.lines) await invoice.getByRole('row', { name: new RegExp(line.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();

      const credits = page.getByRole('region', { name: 'Credits' });
      await credits.getByText('Balance (GBP)').waitFor();
      await credits.getByText('£10.00').first().waitFor();
      await credits.getByRole('table', { name: 'Credit ledger' }).getByRole('row', { name: /Referral reward.*£10\.00/ }).waitFor();

      const plans = page.getByRole('table', { name: 'Workflow plans' });
      assert.equal(await plans.getByRole('row', { name: /Growth/ }).getByRole('cell').first().innerText(), '£29.00 / month');
      await page.getByRole('radio', { name: /Annual/ }).click();
      assert.equal(await plans.getByRole('row', { name: /Growth/ }).getByRole('cell').first().innerText(), '£278.40 / year');
      await page.getByRole('radio', { name: 'Monthly' }).click();
      await screenshotBothThemes(page, 'settings-billing-trial');
      await expectAccessible(page, 'settings-billing-trial');
      assert.deepEqual(problems, []);
      await page.context().close();
    });

    test('an upgrade goes through Stripe Checkout and lands back here with the outcome; then the portal manages it', async () => {
      const { page, problems } = await signIn(browser, base, owner.email);
      await standInFor(page, CHECKOUT_HOST, 'Stripe Checkout');
      await standInFor(page, PORTAL_HOST, 'Stripe customer portal');
      await page.goto(`${base}/settings/billing`);
      await page.getByRole('radio', { name: /Annual/ }).click();
      const before = fake.sessions.size;
      await page.getByRole('button', { name: 'Choose Growth' }).click();
      await page.waitForURL(`${CHECKOUT_HOST}**`);
      await page.getByRole('heading', { name: 'Stripe Checkout' }).waitFor();

      assert.equal(fake.sessions.size, before + 1, 'one Checkout session was created');
      const session = [...fake.sessions.values()].at(-1)!;
      assert.equal(page.url(), session.url, 'the browser went to the session Stripe returned');
      assert.equal(session.mode, 'subscription');
      assert.equal(session.client_reference_id, owner.workspaceId);
      assert.deepEqual([session.metadata.levqor_item, session.metadata.levqor_workspace_id], ['growth', owner.workspaceId]);
      assert.equal(session._lineItems[0].price, fake.priceByLookupKey('growth_annual')!.id);
      assert.equal(session.success_url, `${base}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`);
      assert.equal(session.cancel_url, `${base}/billing?checkout=cancelled`);

      // Cancelled: back on the page, nothing changed.
      await page.goto(session.cancel_url);
      await page.waitForURL(`${base}/settings/billing?checkout=cancelled`, { waitUntil: 'commit' });
      await page.getByText('Checkout was cancelled: nothing was charged and the plan is unchanged.').waitFor();
      await page.getByRole('region', { name: 'Current plan' }).getByText('Free during the trial').waitFor();
      await screenshotBothThemes(page, 'settings-billing-cancelled');

      // Paid: Stripe sends the browser back, and its webhook may come after it; the page waits for it.
      const completed = fake.completeCheckout(session.id);
      await page.goto(session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id));
      await page.waitForURL(`${base}/settings/billing?checkout=success&session_id=${session.id}`, { waitUntil: 'commit' });
      await page.getByText('Payment received by Stripe. The plan changes here as soon as Stripe confirms it').waitFor();
      const delivered = await deliverStripeEvent(levqor, stripeEvent('checkout.session.completed', completed), WEBHOOK_SECRET);
      assert.equal(delivered.status, 200, delivered.text);
      await page.getByText('Checkout complete: the subscription has started and the plan below is the new one.').waitFor();
      const plan = page.getByRole('region', { name: 'Current plan' });
      await plan.getByText('£278.40 a year').waitFor();
      assert.match(await plan.locator('dl').first().innerText(), /Plan\s+Growth[\s\S]*Subscription\s+Trial/);
      await plan.getByRole('meter', { name: 'Workflow runs' }).and(page.locator('[aria-valuetext$=" of 10,000"]')).waitFor();
      const plans = page.getByRole('table', { name: 'Workflow plans' });
      await plans.getByRole('row', { name: /Growth/ }).getByText('Current plan').waitFor();
      assert.equal(await page.getByRole('radio', { name: /Annual/ }).getAttribute('aria-checked'), 'true', 'prices shown for the subscription\'s interval');
      assert.equal(await page.getByRole('button', { name: /^Choose / }).count(), 0, 'a subscribed workspace changes its plan in the portal');
      await screenshotBothThemes(page, 'settings-billing-subscribed');
      await expectAccessible(page, 'settings-billing-subscribed');

      await page.getByRole('button', { name: 'Manage subscription' }).click();
      await page.waitForURL(`${PORTAL_HOST}**`);
      await page.getByRole('heading', { name: 'Stripe customer portal' }).waitFor();
      assert.deepEqual(problems, []);
      await page.context().close();
    });

    test('a viewer sees the plan and usage but no button to change it, and is told why', async () => {
      const viewer = await accountOn(levqor, `billing-viewer-${kind}@example.com`, 'Viewer Home');
      await owner.call('POST', '/api/v1/invitations', { email: viewer.email, role: 'viewer' });
      let message;
      for (let i = 0; i < 100 && !(message = mail.mails.find((m) => m.to.includes(viewer.email) && m.text.includes('/invitations/accept'))); i++) await new Promise((r) => setTimeout(r, 50));
      const token = message && /\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
      assert.ok(token, 'the invitation e-mail arrived');
      await viewer.call('POST', '/api/v1/invitations/accept', { token });
      viewer.session.workspace = owner.slug;
      const refused = await viewer.session.request('POST', '/api/v1/billing/checkout', { plan: 'scale' });
      assert.equal(refused.status, 403, 'the server refuses a viewer, whatever the page shows');

      const { page, problems } = await signIn(browser, base, viewer.email, owner.slug);
      await page.goto(`${base}/settings/billing`);
      await page.getByRole('region', { name: 'Current plan' }).getByText('£278.40 a year').waitFor();
      await page.getByText('Changing the plan needs the admin or owner role in this workspace; ask an owner if you need it.').waitFor();
      assert.equal(await page.getByRole('button', { name: /^Choose |Manage subscription/ }).count(), 0);
      await page.getByRole('table', { name: 'Workflow plans' }).getByRole('row', { name: /Growth/ }).getByText('Current plan').waitFor();
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  });

  describe(`web app billing without Stripe in Chromium on ${kind}`, () => {
    let levqor: TestLevqor;
    let browser: Browser;
    let base: string;
    before(async () => {
      levqor = await startTestLevqor(kind, { listen: true, env: { HOST: '127.0.0.1' } });
      base = baseOf(levqor);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
    });

    test('a self-hosted server says how the operator sets the plan instead of offering checkout', async () => {
      const owner = await accountOn(levqor, `billing-self-hosted-${kind}@example.com`, 'Harbour Works');
      assert.equal((await owner.call('GET', '/api/v1/billing')).configured, false);
      const { page, problems } = await signIn(browser, base, owner.email);
      await page.goto(`${base}/settings/billing`);
      const notice = page.getByRole('region', { name: 'Change plan' });
      await notice.getByText('This server does not take payments (Stripe is not configured), so plans are not bought here.').waitFor();
      assert.equal(await notice.locator('pre code').innerText(), `levqor billing set-plan <plan> --workspace ${owner.slug}`);
      await notice.getByText('growth', { exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Choose |Manage subscription/ }).count(), 0, 'no button that could only fail');
      await page.getByRole('table', { name: 'Workflow plans' }).getByRole('row', { name: /Scale/ }).waitFor();
      await page.getByRole('region', { name: 'Current plan' }).getByRole('meter', { name: 'API calls' }).waitFor();
      await screenshotBothThemes(page, 'settings-billing-self-hosted');
      await expectAccessible(page, 'settings-billing-self-hosted');
      assert.deepEqual(problems, []);
    });
  });
}
