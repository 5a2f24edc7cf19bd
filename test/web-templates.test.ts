import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { launchBrowser, screenshotBothThemes, watchProblems } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/** The template catalog and packs in a real browser: browse signed out, install and run a template, import the Starter pack. */
for (const kind of databaseKinds()) {
  describe(`templates and packs in Chromium on ${kind}`, () => {
    let levqor: TestLevqor;
    let helpdesk: Awaited<ReturnType<typeof startLocalHttp>>;
    let browser: Browser;
    let base: string;
    let page: Page;
    let problems: string[];
    before(async () => {
      helpdesk = await startLocalHttp((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true }));
      });
      levqor = await startTestLevqor(kind, { listen: true, env: { HOST: '127.0.0.1' } });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
      browser = await launchBrowser();
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      problems = watchProblems(page);
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
      await helpdesk?.close();
    });

    /** The signed-in user's API, through the browser's session cookie. */
    const asUser = async (path: string) => {
      const workspace = await page.evaluate(() => localStorage.getItem('levqor.workspace'));
      const response = await page.request.get(`${base}${path}`, { headers: { 'levqor-workspace': workspace ?? '' } });
      assert.equal(response.status(), 200, await response.text());
      return response.json();
    };

    test('a visitor browses and searches the catalog, opens a template, signs up, installs it, activates it and its webhook runs', async () => {
      await page.goto(`${base}/templates`);
      await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Create account' }).waitFor();
      await page.getByRole('link', { name: 'Support ticket auto-tagging' }).waitFor();
      const cards = page.getByRole('list', { name: 'Templates' }).getByRole('listitem').filter({ has: page.getByRole('heading') });
      assert.ok((await cards.count()) > 10);
      await screenshotBothThemes(page, 'templates-signed-out');
      await expectAccessible(page, 'templates-signed-out');

      // Keyboard only: the category buttons are one group, reached by Tab and chosen with Space.
      await page.getByRole('radio', { name: 'Customer support' }).focus();
      await page.keyboard.press('Space');
      assert.equal(await page.getByRole('radio', { name: 'Customer support' }).getAttribute('aria-checked'), 'true');
      await page.getByRole('link', { name: 'Lead scoring and routing' }).waitFor({ state: 'detached' });
      await page.getByLabel('Search templates').fill('ticket tagging');
      await page.getByRole('link', { name: 'Support ticket escalation' }).waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelectorAll('.lq-template-card').length === 1).catch(() => undefined);
      assert.deepEqual(await cards.getByRole('heading').allInnerTexts(), ['Support ticket auto-tagging']);
      const card = cards.first();
      assert.match(await card.innerText(), /Customer support/);
      assert.deepEqual(await card.getByRole('list', { name: 'Step types used' }).getByRole('listitem').allInnerTexts(), ['transform', 'http', 'respond']);
      await page.setViewportSize({ width: 768, height: 900 });
      await screenshotBothThemes(page, 'templates-search-tablet');
      await page.setViewportSize({ width: 1280, height: 800 });

      await card.getByRole('link', { name: 'Support ticket auto-tagging' }).click();
      await page.waitForURL(`${base}/templates/support-ticket-auto-tagging`, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Support ticket auto-tagging', level: 1 }).waitFor();
      const diagram = page.getByRole('figure', { name: 'Workflow diagram' });
      assert.deepEqual(
        (await diagram.locator('.lq-flow-label').allInnerTexts()).map((t) => t.trim()),
        ['Webhook POST /ticket-created', 'classify', 'update', 'answer'],
      );
      await page.getByRole('region', { name: 'What it needs' }).getByText('HELPDESK_TOKEN').waitFor();
      await page.getByText('Sign in or create a free account to install a template').waitFor();
      await screenshotBothThemes(page, 'template-signed-out');
      await expectAccessible(page, 'template-signed-out');

      await page.getByRole('region', { name: 'Install' }).getByRole('link', { name: 'Create account' }).click();
      await page.getByLabel('Business or team name').fill('Helpdesk Heroes');
      await page.getByLabel('E-mail').fill(`templates-${kind}@example.com`);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${base}/templates/support-ticket-auto-tagging`, { waitUntil: 'commit' });
      await page.getByRole('link', { name: 'Packs' }).waitFor();

      const install = page.getByRole('region', { name: 'Install' });
      await install.getByRole('button', { name: 'Install template' }).click();
      await install.getByText('required: Base URL of the helpdesk API').waitFor();
      assert.equal(await install.getByLabel('helpdeskUrl').getAttribute('aria-invalid'), 'true');
      await install.getByLabel('helpdeskUrl').fill(helpdesk.url);
      await install.getByRole('button', { name: 'Install template' }).click();
      await install.getByText('The workspace has no secret HELPDESK_TOKEN yet: enter its value.').waitFor();
      assert.equal(await install.getByLabel('Secret HELPDESK_TOKEN').getAttribute('aria-invalid'), 'true');
      await screenshotBothThemes(page, 'template-install-errors');
      await expectAccessible(page, 'template-install-errors');
      await install.getByLabel('Secret HELPDESK_TOKEN').fill('helpdesk-token-from-the-form');
      await install.getByRole('button', { name: 'Install template' }).click();
      await install.getByText('Installed as the workflow “Support ticket auto-tagging”. It is not active yet').waitFor();
      await install.getByRole('button', { name: 'Activate now' }).click();
      await install.getByText('and it is active.').waitFor();
      await page.getByText('Installed 1 time', { exact: true }).waitFor();
      assert.equal(await install.getByRole('link', { name: 'Go to your workflows' }).getAttribute('href'), '/workflows');
      await screenshotBothThemes(page, 'template-installed');

      const hookUrl = new URL(await install.locator('code').innerText());
      const hooked = await fetch(`${base}${hookUrl.pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketId: 'T-7', subject: 'Refund please', body: 'The charge is wrong, urgent' }) });
      assert.equal(hooked.status, 200);
      assert.deepEqual(await hooked.json(), { tags: ['billing'], priority: 'urgent' });
      const call = helpdesk.received.find((r) => r.url === '/tickets/T-7');
      assert.equal(call?.method, 'PATCH');
      assert.equal(call?.headers.authorization, 'Bearer helpdesk-token-from-the-form');
      const runId = hooked.headers.get('levqor-run-id');
      assert.ok(runId);
      let run: { status: string } = { status: '' };
      for (let i = 0; i < 100 && run.status !== 'succeeded'; i++) {
        run = await asUser(`/api/v1/runs/${runId}`);
        if (run.status !== 'succeeded') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(run.status, 'succeeded');

      // Branches and for-each blocks read as text: where each case goes, and the steps run per item.
      await page.goto(`${base}/templates/lead-scoring-router`);
      const branches = page.getByRole('figure', { name: 'Workflow diagram' });
      await branches.getByRole('list', { name: 'From route' }).getByText('otherwise go to to_nurture').waitFor();
      await branches.getByText('when steps.score.value >= vars.hotThreshold go to to_sales').waitFor();
      await branches.getByRole('listitem').filter({ hasText: 'answer_sales' }).getByText('the run ends here').waitFor();
      await screenshotBothThemes(page, 'template-branches');
      await page.goto(`${base}/templates/two-way-crm-sync`);
      await page.getByRole('figure', { name: 'Workflow diagram' }).getByText('For each item:').first().waitFor();
      await screenshotBothThemes(page, 'template-for-each');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
      await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await screenshotBothThemes(page, 'templates-signed-in');
      await expectAccessible(page, 'templates-signed-in');
      assert.deepEqual(problems, []);
    });

    test('an admin imports the free Starter pack with its plan shown first, and exports the workspace', async () => {
      await page.getByRole('link', { name: 'Packs' }).click();
      await page.getByRole('heading', { name: 'Packs', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Import Starter' }).click();
      const importing = page.getByRole('region', { name: 'Import Starter' });
      await importing.getByRole('button', { name: 'Show the plan' }).click();
      await importing.getByText(/^required \(Base URL of your job API/).waitFor();
      await importing.getByLabel('jobApiUrl').fill('https://jobs.example.com');
      await importing.getByRole('button', { name: 'Show the plan' }).click();
      const plan = importing.getByRole('region', { name: 'Import plan' });
      await plan.waitFor();
      const rows = (await plan.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      assert.ok(rows.includes('Data table jobs create'), rows.join('\n'));
      assert.ok(rows.some((r) => /^Workflow Submit a job create$/.test(r)), rows.join('\n'));
      assert.ok(rows.includes('Secret JOB_API_TOKEN missing'), rows.join('\n'));
      assert.equal((await asUser('/api/v1/workflows')).items.length, 1, 'the plan changed nothing');
      await importing.getByLabel('Secret JOB_API_TOKEN').fill('job-token-1');
      await screenshotBothThemes(page, 'packs-plan');
      await expectAccessible(page, 'packs-plan');
      await importing.getByRole('button', { name: 'Apply the import' }).click();
      await importing.getByText(/^Starter imported: \d+ workflows, active\.$/).waitFor();
      await screenshotBothThemes(page, 'packs-imported');
      const workflows = (await asUser('/api/v1/workflows')).items as { name: string; active: boolean }[];
      assert.ok(workflows.some((w) => w.name === 'Submit a job' && w.active), JSON.stringify(workflows));
      const secrets = (await asUser('/api/v1/secrets')).items as { name: string }[];
      assert.ok(secrets.some((s) => s.name === 'JOB_API_TOKEN'));

      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export as pack' }).click();
      const download = await downloading;
      const exported = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
      assert.match(exported, /Submit a job/);
      assert.doesNotMatch(exported, /job-token-1|helpdesk-token-from-the-form/);

      // The exported file imported back: its plan first, here without changes to make.
      await page.locator('input[type="file"]').setInputFiles((await download.path())!);
      const fromFile = page.getByRole('region', { name: 'Import a pack file' });
      await fromFile.getByRole('button', { name: 'Show the plan' }).click();
      const filePlan = fromFile.getByRole('region', { name: 'Import plan' });
      await filePlan.waitFor();
      const fileRows = (await filePlan.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      assert.ok(fileRows.some((r) => /^Workflow Submit a job (unchanged|update)$/.test(r)), fileRows.join('\n'));
      await screenshotBothThemes(page, 'packs-file-plan');
      assert.deepEqual(problems, []);
    });
  });
}
