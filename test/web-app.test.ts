import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { launchBrowser, screenshotBothThemes, watchProblems } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/** The web app in a real browser: the pages a new user meets, and every link our e-mails contain. */
for (const kind of databaseKinds()) {
  describe(`web app in Chromium on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let browser: Browser;
    let base: string;
    before(async () => {
      mail = await startMailCatcher();
      levqor = await startTestLevqor(kind, { listen: true, env: { SMTP_URL: mail.url, SMTP_FROM: 'Levqor <noreply@levqor.test>', HOST: '127.0.0.1' } });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
      await mail?.close();
    });

    const linkIn = (to: string, path: string) => {
      const message = [...mail.mails].reverse().find((m) => m.to.includes(to) && m.text.includes(path));
      const link = message && new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]+`).exec(message.text)?.[0];
      assert.ok(link, `no e-mail to ${to} with a ${path} link`);
      return link;
    };
    const waitForMail = async (to: string, path: string) => {
      for (let i = 0; i < 100 && !mail.mails.some((m) => m.to.includes(to) && m.text.includes(path)); i++) await new Promise((r) => setTimeout(r, 50));
      return linkIn(to, path);
    };

    async function openPage(): Promise<{ page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      return { page, problems: watchProblems(page) };
    }

    test('a new user signs up, confirms the e-mail through its link, resets the password and signs in again', async () => {
      const email = `owner-${kind}@example.com`;
      const { page, problems } = await openPage();
      await page.goto(`${base}/`);
      await page.waitForURL(/\/login\?next=%2F$/, { waitUntil: 'commit' });
      await screenshotBothThemes(page, 'login');
      await expectAccessible(page, 'login');
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel('Business or team name').fill('Riverside Bakery');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await screenshotBothThemes(page, 'signup');
      await expectAccessible(page, 'signup');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Riverside Bakery', level: 1 }).waitFor();
      await page.getByText(`Confirm your e-mail address with the link we sent to ${email}`).waitFor();
      await page.getByText('No runs yet').waitFor();
      await screenshotBothThemes(page, 'dashboard-empty');
      await expectAccessible(page, 'dashboard-empty');

      await page.goto(await waitForMail(email, '/verify-email'));
      await page.getByText('Your e-mail address is confirmed.').waitFor();
      await screenshotBothThemes(page, 'verify-email');
      await expectAccessible(page, 'verify-email');
      await page.getByRole('link', { name: 'Go to your dashboard' }).click();
      await page.getByText('E-mail confirmed').waitFor();
      assert.equal(await page.getByText('Confirm your e-mail address with the link').count(), 0);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/login$/, { waitUntil: 'commit' });
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('E-mail').fill(email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByText(`If an account exists for ${email}`).waitFor();
      await page.goto(await waitForMail(email, '/reset-password'));
      await page.getByLabel('New password').fill('a brand new passphrase');
      await screenshotBothThemes(page, 'reset-password');
      await expectAccessible(page, 'reset-password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Your password was changed.').waitFor();

      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /password|credentials|incorrect|invalid/i);
      await page.getByLabel('Password').fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Riverside Bakery', level: 1 }).waitFor();
      assert.deepEqual(problems, []);
    });

    test('an invited user accepts through the e-mailed link and switches into the new workspace', async () => {
      const email = `invitee-${kind}@example.com`;
      const { page, problems } = await openPage();
      await page.goto(`${base}/signup`);
      await page.getByLabel('Business or team name').fill('Invitee Studio');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill('another good passphrase');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Invitee Studio', level: 1 }).waitFor();

      const invited = await levqor.api('POST', '/api/v1/invitations', { email, role: 'editor' }, { host: new URL(base).host });
      assert.equal(invited.status, 201, JSON.stringify(invited.body));
      await page.goto(await waitForMail(email, '/invitations/accept'));
      await page.getByText(`You are signed in as ${email}`).waitFor();
      await screenshotBothThemes(page, 'invitation-accept');
      await expectAccessible(page, 'invitation-accept');
      await page.getByRole('button', { name: 'Accept invitation' }).click();
      await page.waitForURL(`${base}/`, { waitUntil: 'commit' });

      const switcher = page.getByRole('button', { name: /Workspace/ });
      await switcher.click();
      await page.getByRole('option', { name: /default/i }).click();
      await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Invitee Studio' }).waitFor();
      await page.getByText('you are editor').waitFor();
      await screenshotBothThemes(page, 'dashboard-switched');
      assert.deepEqual(problems, []);
    });

    test('an unknown address shows a page that says so, and the server\'s own paths are not the app', async () => {
      const { page } = await openPage();
      await page.goto(`${base}/no/such/page`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await screenshotBothThemes(page, 'not-found');
      await expectAccessible(page, 'not-found');
      const api404 = await fetch(`${base}/api/v1/nothing-here`);
      assert.equal(api404.status, 404);
      assert.match(api404.headers.get('content-type') ?? '', /json/);
      const missingAsset = await fetch(`${base}/assets/gone-123.js`);
      assert.equal(missingAsset.status, 404);
      const index = await fetch(`${base}/runs/123`);
      assert.equal(index.status, 200);
      assert.match(await index.text(), /<div id="root">/);
    });

    test('the app is installable and starts offline: its service worker caches the shell, never an API answer', async () => {
      const { page, problems } = await openPage();
      await page.goto(`${base}/login`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const scope = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then((r) => r.scope), new Promise((resolve) => setTimeout(() => resolve('no service worker within 10 s'), 10_000))]));
      assert.equal(scope, `${base}/`);
      const sw = await fetch(`${base}/sw.js`);
      assert.match(sw.headers.get('content-type') ?? '', /javascript/);
      assert.equal(sw.headers.get('cache-control'), 'no-cache', 'a new service worker must be seen at once');

      const manifest = (await (await fetch(`${base}/manifest.webmanifest`)).json()) as { icons: { src: string; sizes: string; type: string }[] };
      for (const size of [192, 512]) {
        const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.type === 'image/png');
        assert.ok(icon, `the manifest lists a ${size}×${size} PNG icon`);
        const png = Buffer.from(await (await fetch(`${base}${icon.src}`)).arrayBuffer());
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], `${icon.src} is ${size}×${size}`);
      }
      const cdp = await page.context().newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      // The test's browser context is incognito, which alone keeps Chromium from offering the install.
      assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);

      // Signed up and in, the app has called the API: none of those answers is in the cache.
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel('Business or team name').fill('Offline Orchard');
      await page.getByLabel('E-mail').fill(`offline-${kind}@example.com`);
      await page.getByLabel('Password').fill('works without a network');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Offline Orchard', level: 1 }).waitFor();
      const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)))).flat());
      assert.ok(cached.includes('/') && cached.some((path) => path.startsWith('/assets/') && path.endsWith('.js')), cached.join(', '));
      assert.deepEqual(cached.filter((path) => /^\/(api|hooks|forms)\//.test(path)), []);
      assert.deepEqual(problems, []);

      await page.context().setOffline(true);
      await page.goto(`${base}/login`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // Really offline: the API, which the service worker leaves to the network, does not answer.
      assert.equal(await page.evaluate(() => fetch('/api/v1/me').then(() => 'answered', () => 'offline')), 'offline');
      await page.context().setOffline(false);
    });
  });
}
