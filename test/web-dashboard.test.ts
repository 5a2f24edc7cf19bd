import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { signInInBrowser, signUpByApi } from './support/browser-accounts.ts';
import { launchBrowser, screenshotBothThemes, watchProblems } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'dashboard home passphrase';
const DIST = fileURLToPath(new URL('../dist/web/', import.meta.url));
/** docs/web-app.md: the JavaScript the dashboard loads first, gzipped. */
const INITIAL_JS_BUDGET = 250 * 1024;

/**
 * The dashboard home in Chromium: health tiles, run charts with the 7/30/90-day switch and their
 * numbers as tables, the most failing workflows leading to their runs, usage against the plan, the
 * referral link (a sign-up through it is counted) and suggested templates; empty and busy workspaces.
 */
for (const kind of databaseKinds()) {
  describe(`web dashboard in Chromium on ${kind}`, () => {
    let levqor: TestLevqor;
    let browser: Browser;
    let base: string;

    before(async () => {
      levqor = await startTestLevqor(kind, { listen: true, env: { HOST: '127.0.0.1' } });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
    });

    async function account(name: string) {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${kind}@example.com`;
      const { session, call, slug, workspaceId } = await signUpByApi(levqor, email, PASSWORD, name);
      session.workspace = slug;
      return { email, call, workspaceId };
    }

    async function signIn(email: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
      return signInInBrowser(browser, base, email, PASSWORD, { width, permissions: ['clipboard-read', 'clipboard-write'], ready: (page) => page.getByRole('heading', { name: 'Service health' }) });
    }

    const figure = (page: Page, list: string, term: string) => page.getByRole('definition').and(page.getByLabel(list).locator(`div:has(> dt:text-is("${term}")) > dd`));

    test('the initial JavaScript of the app stays within its budget', () => {
      const html = readFileSync(`${DIST}index.html`, 'utf8');
      const scripts = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]);
      const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]);
      assert.ok(scripts.length > 0);
      const gzipped = [...scripts, ...preloads].reduce((sum, file) => sum + gzipSync(readFileSync(`${DIST}${file}`)).length, 0);
      assert.ok(gzipped <= INITIAL_JS_BUDGET, `${Math.round(gzipped / 1024)} KB gzipped`);
    });

    test('an empty workspace: health tiles, an empty runs panel pointing to templates, usage of the trial, the referral link, suggested templates', async () => {
      const { email } = await account('Quiet Quilts');
      const { page, problems } = await signIn(email);
      const tiles = page.getByRole('list', { name: 'Health checks' });
      await tiles.getByText('API').waitFor();
      for (const text of ['API', 'Database', 'Queue', 'Workers', 'Scheduler', 'Load', 'Empty', 'On time', 'Low']) await tiles.getByText(text, { exact: true }).waitFor();
      await page.getByText('No runs in the last 30 days.').waitFor();
      assert.equal(await page.getByRole('link', { name: 'template', exact: true }).getAttribute('href'), '/templates');
      assert.equal(await page.getByRole('region', { name: 'Runs' }).getByRole('img').count(), 0, 'no empty chart is drawn');
      const calls = page.getByRole('meter', { name: 'API calls' });
      assert.equal(await calls.getAttribute('aria-valuemax'), '2000');
      await page.getByRole('meter', { name: 'Workflow runs' }).waitFor();
      await page.getByText(/Trial · resets on/).waitFor();
      const link = await page.getByLabel('Your referral link').inputValue();
      assert.ok(link.startsWith(`${base}/signup?ref=`), link);
      assert.match(link, /\/signup\?ref=[a-z2-9]{10}$/);
      await page.getByText('No sign-ups through your link yet.').waitFor();
      const suggested = page.getByRole('region', { name: 'Suggested templates' }).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
      assert.equal(await suggested.count(), 3);
      await page.getByRole('heading', { name: 'Recent runs' }).waitFor();
      await screenshotBothThemes(page, 'dashboard-empty');

      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByText('Link copied.').waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

      // Someone follows the link and signs up: the referrer's dashboard counts it.
      const visitor = await browser.newContext();
      const signupPage = await visitor.newPage();
      const visitorProblems = watchProblems(signupPage);
      await signupPage.goto(link);
      await signupPage.getByLabel('Business or team name').fill('Referred Roasters');
      await signupPage.getByLabel('E-mail').fill(`referred-${kind}@example.com`);
      await signupPage.getByLabel('Password').fill(PASSWORD);
      await signupPage.getByRole('button', { name: 'Create account' }).click();
      await signupPage.getByRole('heading', { name: 'Service health' }).waitFor();
      await visitor.close();
      await page.reload();
      await page.getByLabel('Your referral link').waitFor();
      assert.equal(await figure(page, 'Referrals', 'Sign-ups').innerText(), '1');
      assert.equal(await figure(page, 'Referrals', 'Paying').innerText(), '0');
      assert.deepEqual([...problems, ...visitorProblems], []);
    });

    test('a busy workspace: figures and charts follow the 7/30/90-day switch, their numbers are tables, a failing workflow opens its failed runs', async () => {
      const { email, call, workspaceId } = await account('Busy Bakery');
      const names = ['Order sync', 'Invoice mailer', 'Stock <alert>'];
      const ids: string[] = [];
      for (const name of names) ids.push((await call('POST', '/api/v1/workflows', { name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] })).id);
      // 899 runs over 90 days: every 7th fails (most of them Order sync's), every 31st is cancelled; durations 0.2–2.2 s.
      await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at, started_at, finished_at)
        select gen_random_uuid(), ${workspaceId}::uuid,
          (array[${ids[0]}::uuid, ${ids[1]}::uuid, ${ids[2]}::uuid])[case when i % 14 = 0 then 1 when i % 21 = 0 then 2 when i % 7 = 0 then 3 else 1 + i % 3 end],
          1, case when i % 7 = 0 then 'failed' when i % 31 = 0 then 'cancelled' else 'succeeded' end, '{}'::jsonb,
          now() - make_interval(secs => i * 8640), now() - make_interval(secs => i * 8640), now() - make_interval(secs => i * 8640) + make_interval(secs => 0.2 + (i % 50) * 0.04)
        from generate_series(1, 899) as i`.execute(levqor.database.db);
      // One schedule of this workspace is ten minutes late (no scheduler runs in this test): the health says so.
      await levqor.database.db.updateTable('workflows').set({ active: true, schedule_next_at: new Date(Date.now() - 600_000) }).where('id', '=', ids[1]).execute();
      const expected = { 7: await call('GET', '/api/v1/analytics/runs?days=7'), 30: await call('GET', '/api/v1/analytics/runs?days=30'), 90: await call('GET', '/api/v1/analytics/runs?days=90') };

      const { page, problems } = await signIn(email);
      const figures = (days: number) => ({ runs: figure(page, `Last ${days} days`, 'Runs'), rate: figure(page, `Last ${days} days`, 'Success rate') });
      await figures(30).runs.waitFor();
      assert.equal(await figures(30).runs.innerText(), expected[30].totals.runs.toLocaleString('en-US'));
      assert.equal(await figures(30).rate.innerText(), `${Math.round(expected[30].success_rate * 1000) / 10}%`);
      await page.getByRole('img', { name: 'Runs per day, last 30 days' }).waitFor();
      await page.getByRole('img', { name: 'Success rate per day' }).waitFor();
      await page.getByRole('img', { name: 'Run duration per day' }).waitFor();
      const failing = page.getByRole('region', { name: 'Runs' }).getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Failed runs' }) });
      const firstFailing = expected[30].top_failing[0];
      await failing.getByRole('row', { name: new RegExp(`${firstFailing.name.replace(/[<>]/g, '.')}\\s+${firstFailing.failures}`) }).waitFor();
      assert.equal(await failing.getByRole('rowheader').count(), expected[30].top_failing.length);
      const tiles = page.getByRole('list', { name: 'Health checks' });
      await tiles.getByText('Late', { exact: true }).waitFor();
      await page.getByRole('region', { name: 'Service health' }).getByText('Degraded', { exact: true }).waitFor();
      await page.getByText('1 schedule(s) are more than 2 minutes late.').waitFor();
      await screenshotBothThemes(page, 'dashboard');
      await expectAccessible(page, 'dashboard');

      await page.getByRole('radio', { name: '7 days' }).click();
      await figures(7).runs.waitFor();
      assert.equal(await figures(7).runs.innerText(), expected[7].totals.runs.toLocaleString('en-US'));
      await page.getByRole('img', { name: 'Runs per day, last 7 days' }).waitFor();
      // The numbers behind the bars, as a table: one row per day of the window.
      const bars = page.getByRole('figure').filter({ has: page.getByRole('img', { name: 'Runs per day, last 7 days' }) });
      await bars.getByText('Show the numbers').click();
      const table = bars.getByRole('table');
      assert.equal(await table.getByRole('row').count(), 1 + 7);
      const today = expected[7].days[6];
      assert.match(await table.getByRole('row').last().innerText(), new RegExp(`\\s${today.total}\\s`));
      await screenshotBothThemes(page, 'dashboard-7-days');

      await page.getByRole('radio', { name: '90 days' }).click();
      await figures(90).runs.waitFor();
      assert.equal(await figures(90).runs.innerText(), expected[90].totals.runs.toLocaleString('en-US'));
      await page.getByRole('img', { name: 'Runs per day, last 90 days' }).waitFor();
      await screenshotBothThemes(page, 'dashboard-90-days');

      const worst = expected[90].top_failing[0];
      await failing.getByRole('link', { name: worst.name }).click();
      await page.waitForURL((url) => url.pathname === '/runs', { waitUntil: 'commit' });
      const url = new URL(page.url());
      assert.deepEqual([url.searchParams.get('workflow'), url.searchParams.get('status'), url.searchParams.get('range')], [worst.workflow_id, 'failed', '90d']);
      await page.getByRole('button', { name: new RegExp(`${worst.name.replace(/[<>]/g, '.')}`) }).first().waitFor();
      assert.deepEqual(problems, []);
    });

    test('at tablet width the dashboard keeps its tiles and charts inside the page', async () => {
      const { email } = await account('Narrow Nursery');
      const { page, problems } = await signIn(email, 768);
      await page.getByText('No runs in the last 30 days.').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');
      await screenshotBothThemes(page, 'dashboard-tablet');
      assert.deepEqual(problems, []);
    });
  });
}
