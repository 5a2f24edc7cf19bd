import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { SCREENSHOTS, launchBrowser } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/* Form triggers: a browser that sends the form sees a thank-you page (or the declared redirect); API clients get JSON. */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FORM = 'application/x-www-form-urlencoded';

const formWorkflow = (path: string, thankYou?: Record<string, unknown>) => ({
  name: `form ${path}`,
  trigger: { type: 'form', path, title: 'Contact us', fields: [{ name: 'email', type: 'email' }], ...(thankYou ? { thankYou } : {}) },
  steps: [{ id: 'keep', type: 'transform', with: { set: { email: '{{ trigger.body.email }}' } } }],
});

for (const kind of databaseKinds()) {
  describe(`form thank-you pages on ${kind}`, () => {
    let levqor: TestLevqor;
    const activate = async (definition: unknown) => {
      const created = await levqor.api('POST', '/api/v1/workflows', definition);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
      return created.body.id as string;
    };
    const submit = (path: string, headers: Record<string, string>, payload = 'email=ann%40example.com') =>
      levqor.server!.inject({ method: 'POST', url: `/hooks/default/${path}`, payload, headers });
    before(async () => {
      levqor = await startTestLevqor(kind);
    });
    after(async () => levqor?.close());

    test('a browser sees the declared message as text, sandboxed, and the run gets the fields', async () => {
      await activate(formWorkflow('contact', { message: 'Thanks <b>friend</b> & see you\n<script>alert(1)</script>' }));
      const page = await submit('contact', { accept: BROWSER_ACCEPT, 'content-type': FORM });
      assert.equal(page.statusCode, 202, page.body);
      assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.equal(page.headers['content-security-policy'], "sandbox; frame-ancestors 'none'");
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      assert.match(page.body, /Thanks &#60;b&#62;friend&#60;\/b&#62; &#38; see you\n&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
      assert.doesNotMatch(page.body, /<script>|<b>/);
      assert.match(page.body, /<h1>Contact us<\/h1>/);
      assert.match(page.body, /href="\/hooks\/default\/contact"/);
      const run = await levqor.waitForRun(String(page.headers['levqor-run-id']));
      assert.equal(run.status, 'succeeded');
      assert.deepEqual(run.output, { email: 'ann@example.com' });
    });

    test('a form-encoded post that names no type is a browser form; without a message the default page is shown', async () => {
      await activate(formWorkflow('plain'));
      const page = await submit('plain', { 'content-type': FORM });
      assert.equal(page.statusCode, 202, page.body);
      assert.match(page.body, /Thank you: your answer was received\./);
    });

    test('API clients asking for JSON get JSON, also from a form-encoded body', async () => {
      await activate(formWorkflow('api', { message: 'Thanks' }));
      const cases: Record<string, string>[] = [{ accept: 'application/json', 'content-type': FORM }, { 'content-type': 'application/json' }, { accept: 'text/html;q=0.5, application/json', 'content-type': FORM }];
      for (const headers of cases) {
        const answer = await submit('api', headers, headers['content-type'] === FORM ? 'email=a%40b.c' : '{"email":"a@b.c"}');
        assert.equal(answer.statusCode, 202, answer.body);
        assert.match(String(answer.headers['content-type']), /^application\/json/, JSON.stringify(headers));
        assert.match(answer.json().runId, /^[0-9a-f-]{36}$/);
      }
    });

    test('a declared redirect sends the browser there with 303; API clients still get JSON', async () => {
      await activate(formWorkflow('away', { redirect: 'https://example.com/thanks?from=form' }));
      const browser = await submit('away', { accept: BROWSER_ACCEPT, 'content-type': FORM });
      assert.equal(browser.statusCode, 303, browser.body);
      assert.equal(browser.headers.location, 'https://example.com/thanks?from=form');
      assert.ok(browser.headers['levqor-run-id']);
      const api = await submit('away', { accept: 'application/json', 'content-type': FORM });
      assert.equal(api.statusCode, 202);
      assert.equal(api.headers.location, undefined);
    });

    test('in Chromium: sending the form shows the message as text, or lands on the declared page', async () => {
      const thanks = await startLocalHttp(async (_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<!doctype html><title>Our thanks</title><h1>Thanks from our own site</h1>');
      });
      const listening = await startTestLevqor(kind, { listen: true, env: { HOST: '127.0.0.1' } });
      const browser = await launchBrowser();
      try {
        const base = `http://127.0.0.1:${(listening.server!.server.address() as { port: number }).port}`;
        for (const [path, thankYou] of [['browser-page', { message: 'Thanks, <Ann>!\nWe reply within a day.' }], ['browser-away', { redirect: `${thanks.url}/thanks` }]] as const) {
          const created = await listening.api('POST', '/api/v1/workflows', formWorkflow(path, thankYou));
          assert.equal(created.status, 201, JSON.stringify(created.body));
          assert.equal((await listening.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
        }
        const page = await browser.newPage();
        await page.goto(`${base}/hooks/default/browser-page`);
        await page.getByRole('textbox', { name: 'email' }).fill('ann@example.com');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByText('Thanks, <Ann>!').waitFor();
        assert.equal(await page.locator('p').first().innerText(), 'Thanks, <Ann>!\nWe reply within a day.');
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Contact us');
        await page.screenshot({ path: join(SCREENSHOTS, `form-thank-you-${kind}.png`) });
        await page.getByRole('link', { name: 'Send another answer' }).click();
        await page.getByRole('button', { name: 'Send' }).waitFor();

        await page.goto(`${base}/hooks/default/browser-away`);
        await page.getByRole('textbox', { name: 'email' }).fill('bo@example.com');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByRole('heading', { name: 'Thanks from our own site' }).waitFor();
        assert.equal(page.url(), `${thanks.url}/thanks`);
        const runs = await listening.api('GET', '/api/v1/runs');
        assert.equal(runs.body.items.length, 2);
      } finally {
        await browser.close();
        await listening.close();
        await thanks.close();
      }
    });

    test('saving refuses a redirect that is not http(s) and a message with a redirect, naming the field', async () => {
      for (const redirect of ['javascript:alert(1)', 'ftp://example.com/x', '/relative/path']) {
        const saved = await levqor.api('POST', '/api/v1/workflows', formWorkflow('bad', { redirect }));
        assert.equal(saved.status, 422, JSON.stringify(saved.body));
        assert.match(saved.body.error.message, /trigger\.thankYou\.redirect: must be an http:\/\/ or https:\/\/ URL/);
      }
      const both = await levqor.api('POST', '/api/v1/workflows', formWorkflow('both', { message: 'Hi', redirect: 'https://example.com/' }));
      assert.equal(both.status, 422);
      assert.match(both.body.error.message, /trigger\.thankYou: give either a message .* or a redirect .*, not both/);
      const unknown = await levqor.api('POST', '/api/v1/workflows', formWorkflow('unknown', { text: 'Hi' }));
      assert.equal(unknown.status, 422);
      assert.match(unknown.body.error.message, /trigger\.thankYou/);
    });
  });
}
