import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { signInInBrowser, signUpByApi } from './support/browser-accounts.ts';
import { launchBrowser, screenshotBothThemes } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'workflows and runs passphrase';

/** The workflows and runs pages in a real browser, over workflows and runs made through the API. */
for (const kind of databaseKinds()) {
  describe(`web app workflows and runs in Chromium on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let service: Awaited<ReturnType<typeof startLocalHttp>>;
    let browser: Browser;
    let base: string;
    let failing = true;
    before(async () => {
      mail = await startMailCatcher();
      service = await startLocalHttp(async (req, res) => {
        if (req.url.startsWith('/hang')) return; // a slow service: answers only when the run is cancelled
        if (req.url.startsWith('/crm') && failing) {
          res.statusCode = 500;
          return res.end('crm down');
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ saved: true }));
      });
      levqor = await startTestLevqor(kind, { listen: true, env: { SMTP_URL: mail.url, SMTP_FROM: 'Levqor <noreply@levqor.test>', HOST: '127.0.0.1' } });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
      await service?.close();
      await mail?.close();
    });

    /** A new account with its own workspace: the API side of the test acts in it through a session. */
    async function account(name: string) {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${kind}@example.com`;
      const { call, workspaceId } = await signUpByApi(levqor, email, PASSWORD, name);
      return { email, call, workspaceId };
    }

    async function signIn(email: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
      return signInInBrowser(browser, base, email, PASSWORD, { width, ready: (page) => page.getByRole('link', { name: 'Workflows' }) });
    }

    async function waitForStatus(call: (m: string, u: string) => Promise<any>, runId: string, statuses: string[]) {
      for (let i = 0; i < 500; i++) {
        const run = await call('GET', `/api/v1/runs/${runId}`);
        if (statuses.includes(run.status)) return run;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`run ${runId} did not reach ${statuses.join('/')}`);
    }

    test('workflows: empty state, list with last run and success rate, toggle, search, delete after confirming', async () => {
      const { email, call } = await account('Harbour Florists');
      const { page, problems } = await signIn(email);
      await page.getByRole('link', { name: 'Workflows' }).click();
      await page.getByText('No workflows yet.').waitFor();
      assert.equal(await page.getByRole('link', { name: 'template marketplace' }).getAttribute('href'), '/templates');
      await screenshotBothThemes(page, 'workflows-empty');
      await expectAccessible(page, 'workflows-empty');

      const invoices = await call('POST', '/api/v1/workflows', { name: 'Invoice sync', trigger: { type: 'webhook', path: 'invoices' }, steps: [{ id: 'shape', type: 'transform', with: { set: { n: '{{ $number(trigger.body.n) }}' } } }] });
      const newsletter = await call('POST', '/api/v1/workflows', { name: 'Newsletter <b>signup</b>', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      for (const n of ['1', '2', '3', 'x']) await waitForStatus(call, (await call('POST', `/api/v1/workflows/${invoices.id}/run`, { n })).runId, ['succeeded', 'failed']);

      await page.reload();
      const invoiceRow = page.getByRole('row', { name: /Invoice sync/ });
      await invoiceRow.waitFor();
      assert.match(await invoiceRow.innerText(), /Webhook[\s\S]*\/hooks\/harbour-florists\/invoices[\s\S]*failed[\s\S]*75%/);
      // A name is text, never markup.
      await page.getByRole('row', { name: /Newsletter <b>signup<\/b>/ }).getByText('never run').waitFor();
      await screenshotBothThemes(page, 'workflows-list');
      await expectAccessible(page, 'workflows-list');

      const toggle = page.getByRole('switch', { name: 'Invoice sync active' });
      assert.equal(await toggle.isChecked(), false);
      await toggle.press(' ');
      await invoiceRow.getByText('Active', { exact: true }).waitFor();
      assert.equal((await call('GET', `/api/v1/workflows/${invoices.id}`)).active, true);
      await page.getByRole('switch', { name: 'Invoice sync active' }).click({ force: true });
      await invoiceRow.getByText('Inactive', { exact: true }).waitFor();
      assert.equal((await call('GET', `/api/v1/workflows/${invoices.id}`)).active, false);

      await page.getByLabel('Search by name').fill('NEWS');
      await page.getByRole('row', { name: /Invoice sync/ }).waitFor({ state: 'detached' });
      // The filtered page replaces the list once it arrives: wait for it rather than count in between.
      await page.getByRole('row', { name: /Newsletter/ }).waitFor();
      assert.equal(await page.getByRole('row', { name: /Newsletter/ }).count(), 1);
      await page.getByLabel('Search by name').fill('nothing like it');
      await page.getByText('No workflow’s name contains “nothing like it”.').waitFor();
      await page.getByLabel('Search by name').fill('');

      await page.getByRole('button', { name: 'Delete Newsletter <b>signup</b>' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByText('Delete “Newsletter <b>signup</b>”?').waitFor();
      await screenshotBothThemes(page, 'workflows-delete-dialog');
      await expectAccessible(page, 'workflows-delete-dialog');
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await call('GET', `/api/v1/workflows/${newsletter.id}`)).name, 'Newsletter <b>signup</b>');
      await page.getByRole('button', { name: 'Delete Newsletter <b>signup</b>' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete workflow' }).click();
      await page.getByRole('row', { name: /Newsletter/ }).waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('row', { name: /Invoice sync/ }).count(), 1);
      assert.equal((await call('GET', '/api/v1/workflows')).items.some((w: { id: string }) => w.id === newsletter.id), false);

      // Pages of 25: the rest come with "Show more", through the list's cursor.
      for (let i = 1; i <= 25; i++) await call('POST', '/api/v1/workflows', { name: `Batch ${i}`, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      await page.reload();
      const rows = page.locator('tbody tr');
      await page.getByRole('row', { name: /Batch 25/ }).waitFor();
      assert.equal(await rows.count(), 25);
      await page.getByRole('button', { name: 'Show more' }).click();
      await page.getByRole('row', { name: /Invoice sync/ }).waitFor();
      assert.equal(await rows.count(), 26);
      assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 0);
      assert.deepEqual(problems, []);
    });

    test('runs: filter the history, open a failed run and retry it, watch a running one and cancel it', async () => {
      const { email, call } = await account('Quayside Cycles');
      failing = true;
      await call('PUT', '/api/v1/secrets/CRM_TOKEN', { value: 'crm-token-never-shown-0123' });
      const crm = await call('POST', '/api/v1/workflows', {
        name: 'Lead to CRM',
        trigger: { type: 'manual' },
        steps: [
          { id: 'clean', type: 'transform', with: { set: { email: '{{ $lowercase(trigger.body.email) }}' } } },
          { id: 'save', type: 'http', with: { method: 'POST', url: `${service.url}/crm`, json: { email: '{{ steps.clean.email }}' }, auth: { type: 'bearer', token: '{{ secrets.CRM_TOKEN }}' } }, retry: { attempts: 2, initialDelay: '5ms' } },
        ],
      });
      const slow = await call('POST', '/api/v1/workflows', { name: 'Slow export', trigger: { type: 'manual' }, steps: [{ id: 'export', type: 'http', with: { url: `${service.url}/hang` }, timeout: '5m' }] });
      const failedId = (await call('POST', `/api/v1/workflows/${crm.id}/run`, { email: 'Ada@Example.com' })).runId;
      await waitForStatus(call, failedId, ['failed']);
      const runningId = (await call('POST', `/api/v1/workflows/${slow.id}/run`, {})).runId;
      await waitForStatus(call, runningId, ['running']);

      const { page, problems } = await signIn(email);
      await page.getByRole('link', { name: `Run ${failedId.slice(0, 8)}: failed` }).click();
      await page.waitForURL(`${base}/runs/${failedId}`, { waitUntil: 'commit' });
      await page.getByRole('link', { name: 'Runs', exact: true }).click();
      await page.getByRole('link', { name: new RegExp(`running.*Slow export.*${runningId.slice(0, 8)}`) }).waitFor();
      await page.getByRole('link', { name: new RegExp(`failed.*Lead to CRM.*${failedId.slice(0, 8)}`) }).waitFor();
      await screenshotBothThemes(page, 'runs-list');
      await expectAccessible(page, 'runs-list');

      await page.getByRole('button', { name: /Status/ }).click();
      await page.getByRole('option', { name: 'failed' }).click();
      await page.waitForURL(/status=failed/, { waitUntil: 'commit' });
      await page.getByRole('link', { name: /Slow export/ }).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: /Started/ }).click();
      await page.getByRole('option', { name: 'Last hour' }).click();
      await page.getByRole('link', { name: /failed.*Lead to CRM/ }).waitFor();
      await page.getByRole('button', { name: /Workflow/ }).click();
      await page.getByRole('option', { name: 'Slow export' }).click();
      await page.getByText('No runs match these filters.').waitFor();
      await page.goto(`${base}/runs?workflow=${crm.id}`);

      await page.getByRole('link', { name: /failed.*Lead to CRM/ }).click();
      await page.waitForURL(`${base}/runs/${failedId}`, { waitUntil: 'commit' });
      const save = page.getByRole('listitem', { name: 'Step save: failed' });
      await save.waitFor();
      assert.match(await save.innerText(), /2 attempts/);
      assert.match(await save.getByLabel('Error').innerText(), /500/);
      assert.match(await save.getByLabel('Input').innerText(), /"email": "ada@example.com"/);
      assert.match(await page.getByRole('listitem', { name: 'Step clean: succeeded' }).getByLabel('Output').innerText(), /^\{\n {2}"email": "ada@example.com"\n\}$/);
      assert.equal(await page.getByRole('button', { name: 'Cancel run' }).count(), 0);
      assert.match(await save.getByLabel('Input').innerText(), /\[redacted:CRM_TOKEN\]/);
      assert.doesNotMatch(await page.locator('main').innerText(), /crm-token-never-shown/);
      assert.equal(service.received.find((r) => r.url === '/crm')?.headers.authorization, 'Bearer crm-token-never-shown-0123', 'the service got the secret');
      await screenshotBothThemes(page, 'run-failed');
      await expectAccessible(page, 'run-failed');

      failing = false;
      await page.getByRole('button', { name: 'Retry from the failed step' }).click();
      // The page refreshes on its own while the retried run is in progress, and stops once it ends.
      await page.getByRole('listitem', { name: 'Step save: succeeded' }).waitFor({ timeout: 15_000 });
      await page.getByRole('heading', { level: 1 }).getByText('succeeded').waitFor();
      assert.equal(await page.getByText('This page updates by itself while the run is in progress.').count(), 0);
      assert.equal(service.received.filter((r) => r.url === '/crm').length, 3, 'two failed attempts, one retried');

      await page.goto(`${base}/runs/${runningId}`);
      await page.getByText('This page updates by itself while the run is in progress.').waitFor();
      await page.getByRole('heading', { level: 1 }).getByText('running').waitFor();
      await screenshotBothThemes(page, 'run-running');
      await page.getByRole('button', { name: 'Cancel run' }).click();
      await page.getByRole('heading', { level: 1 }).getByText('cancelled').waitFor({ timeout: 20_000 });
      assert.match(await page.getByLabel('Error').first().innerText(), /"code": "cancelled"/);
      assert.equal((await call('GET', `/api/v1/runs/${runningId}`)).status, 'cancelled');
      await page.getByRole('button', { name: 'Retry from the failed step' }).waitFor();
      assert.deepEqual(problems, []);
    });

    test('ten thousand runs scroll in a list that keeps only the visible rows and loads pages as it goes', async () => {
      const { email, call, workspaceId } = await account('Bulk Bakers');
      const bulk = await call('POST', '/api/v1/workflows', { name: 'Nightly import', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at, started_at, finished_at)
        select gen_random_uuid(), ${workspaceId}::uuid, ${bulk.id}::uuid, 1, case when i % 10 = 0 then 'failed' else 'succeeded' end, '{}'::jsonb,
          now() - make_interval(secs => i), now() - make_interval(secs => i), now() - make_interval(secs => i) + interval '1.5 seconds'
        from generate_series(1, 10000) as i`.execute(levqor.database.db);
      const { id: oldest, status: oldestStatus } = await levqor.database.db.selectFrom('runs').select(['id', 'status']).where('workflow_id', '=', bulk.id).orderBy('created_at', 'asc').limit(1).executeTakeFirstOrThrow();

      const { page, problems } = await signIn(email, 768);
      await page.goto(`${base}/runs`);
      const list = page.getByRole('region', { name: /^Runs, / });
      await list.waitFor();
      await screenshotBothThemes(page, 'runs-tablet');
      for (let i = 0; i < 600 && (await list.getAttribute('aria-label')) !== 'Runs, 10000'; i++) {
        await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        await page.waitForTimeout(50);
      }
      assert.equal(await list.getAttribute('aria-label'), 'Runs, 10000');
      await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await page.getByRole('link', { name: new RegExp(`${oldestStatus}.*Nightly import.*${oldest.slice(0, 8)}`) }).waitFor();
      const rendered = await list.getByRole('listitem').count();
      assert.ok(rendered > 0 && rendered < 100, `only the rows in view exist, not ${rendered}`);
      await page.getByRole('link', { name: new RegExp(`${oldestStatus}.*Nightly import.*${oldest.slice(0, 8)}`) }).click();
      await page.waitForURL(`${base}/runs/${oldest}`, { waitUntil: 'commit' });
      await page.getByText('No step has finished yet.').waitFor();
      assert.deepEqual(problems, []);
    });
  });
}
