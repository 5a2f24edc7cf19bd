import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { launchBrowser, screenshotBothThemes, watchProblems } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'live updates passphrase';

/** The run page and the run list follow the event stream (GET /api/v1/events) without reloading or polling. */
for (const kind of databaseKinds()) {
  describe(`web app live updates in Chromium on ${kind}`, () => {
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

    test('a run with a delay shows its steps as they finish, and a new run joins the list', async () => {
      const email = `live-${kind}@example.com`;
      const session = new SessionClient(levqor.server!);
      assert.equal((await session.signup(email, PASSWORD, 'Live Bakery')).status, 201);
      const call = async (method: string, url: string, body?: unknown) => {
        const answer = await session.request(method, url, body);
        assert.ok(answer.status < 300, `${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body;
      };
      const workflow = await call('POST', '/api/v1/workflows', {
        name: 'Proofing',
        trigger: { type: 'manual' },
        steps: [
          { id: 'knead', type: 'transform', with: { set: { dough: true } } },
          { id: 'rest', type: 'delay', with: { for: '2s' } },
          { id: 'bake', type: 'transform', with: { set: { bread: true } } },
        ],
      });

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const runReads: string[] = [];
      page.on('request', (request) => {
        if (/\/api\/v1\/runs\/[0-9a-f-]{36}$/.test(request.url())) runReads.push(request.url());
      });
      await page.goto(`${base}/login`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Runs' }).click();
      await page.locator('.lq-live[data-status="live"]').waitFor();
      await page.getByText('No runs').first().waitFor().catch(() => {});

      // A run started elsewhere (the API) appears in the list without a reload.
      const first = (await call('POST', `/api/v1/workflows/${workflow.id}/run`, {})).runId as string;
      await page.getByRole('link', { name: new RegExp(`Proofing.*${first.slice(0, 8)}`) }).waitFor({ timeout: 10_000 });
      await screenshotBothThemes(page, 'runs-live');
      await expectAccessible(page, 'runs-live');

      await page.getByRole('link', { name: new RegExp(`Proofing.*${first.slice(0, 8)}`) }).click();
      await page.waitForURL(`${base}/runs/${first}`, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: /Steps \(/ }).waitFor();
      const liveMark = page.locator('.lq-live[data-status="live"]');
      // While the run rests, the page says it is live; the later steps arrive by themselves.
      await page.getByLabel('Step knead: succeeded').waitFor({ timeout: 10_000 });
      if (await page.getByText('waiting', { exact: true }).count()) await liveMark.waitFor();
      await page.getByLabel('Step bake: succeeded').waitFor({ timeout: 15_000 });
      await page.getByLabel('Step rest: succeeded').waitFor();
      await page.getByRole('heading', { name: /Run .* succeeded/ }).waitFor();
      // Event-driven, not polled: a handful of reads for the whole run, not one every 1.5 s.
      assert.ok(runReads.length <= 8, `the run page read the run ${runReads.length} times`);

      // A second run, watched from its page from the start.
      const second = (await call('POST', `/api/v1/workflows/${workflow.id}/run`, {})).runId as string;
      await page.goto(`${base}/runs/${second}`);
      await page.getByLabel('Step knead: succeeded').waitFor({ timeout: 10_000 });
      await page.getByText('This page updates by itself while the run is in progress.').waitFor();
      await page.locator('.lq-live[data-status="live"]').waitFor();
      await screenshotBothThemes(page, 'run-live');
      await page.getByLabel('Step bake: succeeded').waitFor({ timeout: 15_000 });

      // Offline for a while: the mark says so; back online the stream reconnects and what was missed is read again.
      await page.goto(`${base}/runs`);
      await page.locator('.lq-live[data-status="live"]').waitFor();
      await context.setOffline(true);
      // Emulated offline stops new requests only: the open stream is cut by the server side.
      levqor.server!.server.closeAllConnections();
      await page.locator('.lq-live:not([data-status="live"])').waitFor({ timeout: 15_000 });
      // A run whose every event is sent while the browser is away (it then rests for an hour): only the re-read shows it.
      const resting = await call('POST', '/api/v1/workflows', { name: 'Long rest', trigger: { type: 'manual' }, steps: [{ id: 'rest', type: 'delay', with: { for: '1h' } }] });
      const missed = (await call('POST', `/api/v1/workflows/${resting.id}/run`, {})).runId as string;
      for (let i = 0; (await call('GET', `/api/v1/runs/${missed}`)).status !== 'waiting'; i++) {
        assert.ok(i < 200, 'the resting run parks');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await context.setOffline(false);
      await page.locator('.lq-live[data-status="live"]').waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: new RegExp(`waiting.*Long rest.*${missed.slice(0, 8)}`) }).waitFor({ timeout: 10_000 });
      const seen = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_/.test(p));
      assert.deepEqual(seen, []);
      await context.close();
    });
  });
}
