import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { signInInBrowser, signUpByApi } from './support/browser-accounts.ts';
import { launchBrowser, screenshotBothThemes, watchProblems } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { CLIENT_ID, CLIENT_SECRET, startProvider, type Claims } from './support/oidc-provider.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'tables and sso passphrase';

/** Data tables and single sign-on in a real browser, against a real OpenID Connect provider on loopback. */
for (const kind of databaseKinds()) {
  describe(`web app data tables and single sign-on in Chromium on ${kind}`, () => {
    let levqor: TestLevqor;
    let browser: Browser;
    let base: string;
    let idp: Awaited<ReturnType<typeof startProvider>>;
    const accounts: Record<string, Claims> = {
      dana: { email: `dana-${kind}@orchard.test`, email_verified: true, name: 'Dana' },
      mallory: { email: `mallory-${kind}@evil.test`, email_verified: true },
    };
    before(async () => {
      levqor = await startTestLevqor(kind, { listen: true, env: { HOST: '127.0.0.1' } });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
      idp = await startProvider(`${base}/api/v1/auth/sso/callback`, accounts);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await levqor?.close();
      await idp?.close();
    });

    async function account(name: string) {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${kind}@example.com`;
      const { session, call, slug } = await signUpByApi(levqor, email, PASSWORD, name);
      session.workspace = slug;
      return { email, call, slug };
    }

    async function signIn(email: string): Promise<{ page: Page; problems: string[] }> {
      return signInInBrowser(browser, base, email, PASSWORD, { ready: (page) => page.getByRole('link', { name: 'Settings' }) });
    }

    /** Picks `option` in the react-aria select labelled `label`. */
    async function choose(page: Page, label: string, option: string, within = page.locator('body')) {
      await within.getByRole('button', { name: new RegExp(label) }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    }

    test('tables: create one, rows with field errors, paging and a filter, edit and delete, and column changes confirmed with what they destroy', async () => {
      const owner = await account('Orchard Sales');
      const { page, problems } = await signIn(owner.email);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Data tables' }).click();
      await page.waitForURL(`${base}/settings/tables`, { waitUntil: 'commit' });
      await page.getByText('The workspace has no data tables yet.').waitFor();
      await screenshotBothThemes(page, 'tables-empty');

      // A name the server refuses shows under its field; then the table is created with two columns.
      await page.getByLabel('Table name').fill('Leads!');
      await page.getByLabel('Column 1 name').fill('email');
      // The box is drawn over the input: people click the label.
      await page.locator('label.lq-checkbox', { hasText: 'Required' }).first().click();
      await page.locator('label.lq-checkbox', { hasText: 'Unique' }).first().click();
      await page.getByRole('button', { name: 'Add another column' }).click();
      await page.getByLabel('Column 2 name').fill('amount');
      await choose(page, 'Column 2 type', 'number');
      await page.getByRole('button', { name: 'Create table' }).click();
      const nameField = page.getByRole('textbox', { name: 'Table name' });
      await page.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
      assert.match((await nameField.getAttribute('aria-describedby')) ?? '', /\S/);
      assert.equal(await nameField.getAttribute('aria-invalid'), 'true');
      await nameField.fill('leads');
      await page.getByRole('button', { name: 'Create table' }).click();
      await page.waitForURL(`${base}/settings/tables/leads`, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'leads' }).waitFor();
      const created = await owner.call('GET', '/api/v1/tables/leads');
      assert.deepEqual(created.columns, [
        { name: 'email', type: 'text', required: true, unique: true },
        { name: 'amount', type: 'number', required: false, unique: false },
      ]);
      await page.getByText('The table has no rows yet.').waitFor();

      // A row: the server's checks appear under their fields, then it is added.
      await page.getByRole('button', { name: 'Add row' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a row' });
      await dialog.getByLabel('amount').fill('a lot');
      await dialog.getByRole('button', { name: 'Add row' }).click();
      await dialog.getByText('expected a number').waitFor();
      await dialog.getByText('required', { exact: true }).waitFor();
      await screenshotBothThemes(page, 'tables-row-errors');
      await dialog.getByLabel('email').fill('first@orchard.test');
      await dialog.getByLabel('amount').fill('12.5');
      await dialog.getByRole('button', { name: 'Add row' }).click();
      await dialog.waitFor({ state: 'detached' });
      const rows = page.getByRole('table', { name: 'Rows of leads' });
      await rows.getByRole('cell', { name: 'first@orchard.test' }).waitFor();
      // A duplicate of a unique column: the server's refusal in the dialog.
      await page.getByRole('button', { name: 'Add row' }).click();
      await dialog.getByLabel('email').fill('first@orchard.test');
      await dialog.getByRole('button', { name: 'Add row' }).click();
      await dialog.getByText('already used by another row').waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // 30 more rows through the API: 25 a page, the filter goes to the server.
      for (let i = 1; i <= 30; i++) await owner.call('POST', '/api/v1/tables/leads/rows', { data: { email: `lead${i}@orchard.test`, amount: i * 10 } });
      await page.reload();
      await rows.getByRole('row').nth(1).waitFor();
      assert.equal(await rows.getByRole('row').count(), 26);
      assert.equal(await rows.getByRole('row').nth(1).getByRole('cell').first().innerText(), 'lead30@orchard.test');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Page 2').waitFor();
      await rows.getByRole('cell', { name: 'first@orchard.test' }).waitFor();
      assert.equal(await rows.getByRole('row').count(), 7);
      await page.getByRole('button', { name: 'Previous' }).click();
      await rows.getByRole('cell', { name: 'lead30@orchard.test' }).waitFor();
      await choose(page, 'Filter column', 'amount');
      await choose(page, 'Condition', 'greater than');
      await page.getByRole('textbox', { name: 'Value' }).fill('270');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Rows of leads"] tbody tr').length === 3);
      assert.deepEqual((await rows.locator('tbody tr td:first-child').allInnerTexts()).sort(), ['lead28@orchard.test', 'lead29@orchard.test', 'lead30@orchard.test']);
      assert.equal(await page.getByRole('navigation', { name: 'Pages of rows' }).count(), 0);
      await screenshotBothThemes(page, 'tables-rows');
      await expectAccessible(page, 'tables-rows');

      // Edit a row (only what changed is sent; an emptied field clears the value), then delete one after its dialog.
      const lead30 = (await owner.call('GET', '/api/v1/tables/leads/rows?filter[email]=lead30@orchard.test')).items[0];
      await page.getByRole('button', { name: `Edit row ${lead30.id}` }).click();
      const editing = page.getByRole('dialog', { name: 'Edit the row' });
      assert.equal(await editing.getByLabel('amount').inputValue(), '300');
      await editing.getByLabel('amount').fill('');
      await editing.getByRole('button', { name: 'Save row' }).click();
      await editing.waitFor({ state: 'detached' });
      assert.deepEqual((await owner.call('GET', `/api/v1/tables/leads/rows/${lead30.id}`)).data, { email: 'lead30@orchard.test' });
      const lead29 = (await owner.call('GET', '/api/v1/tables/leads/rows?filter[email]=lead29@orchard.test')).items[0];
      await page.getByRole('button', { name: `Delete row ${lead29.id}` }).click();
      const confirmDelete = page.getByRole('alertdialog', { name: 'Delete this row?' });
      await confirmDelete.getByText('lead29@orchard.test').waitFor();
      await confirmDelete.getByRole('button', { name: 'Delete row' }).click();
      await confirmDelete.waitFor({ state: 'detached' });
      assert.equal((await owner.call('GET', '/api/v1/tables/leads/rows?filter[email]=lead29@orchard.test')).items.length, 0);
      await page.getByRole('button', { name: 'Clear filter' }).click();

      // Adding a column applies at once.
      await page.getByRole('textbox', { name: 'New column', exact: true }).fill('notes');
      await page.getByRole('button', { name: 'Add column' }).click();
      await page.getByText('Column notes added.').waitFor();

      // A retype is destructive: the dialog says exactly what the server says would change; cancelling keeps it.
      await page.getByRole('button', { name: 'Change column amount' }).click();
      const change = page.getByRole('dialog', { name: 'Change column amount' });
      await choose(page, 'Type', 'text', change);
      await change.getByRole('button', { name: 'Save column' }).click();
      const destroy = page.getByRole('alertdialog', { name: 'Change table leads for good?' });
      await destroy.getByText('changing column "amount" from number to text converts every stored value').waitFor();
      await destroy.getByText('It affects all 30 rows of the table').waitFor();
      await screenshotBothThemes(page, 'tables-destructive-change');
      await expectAccessible(page, 'tables-destructive-change');
      await destroy.getByRole('button', { name: 'Keep the data' }).click();
      assert.equal((await owner.call('GET', '/api/v1/tables/leads')).columns[1].type, 'number');
      await page.getByRole('button', { name: 'Change column amount' }).click();
      await choose(page, 'Type', 'text', change);
      await change.getByRole('button', { name: 'Save column' }).click();
      await destroy.getByRole('button', { name: 'Apply the change' }).click();
      await destroy.waitFor({ state: 'detached' });
      const retyped = await owner.call('GET', '/api/v1/tables/leads');
      assert.equal(retyped.columns[1].type, 'text');
      assert.equal((await owner.call('GET', '/api/v1/tables/leads/rows?filter[email]=lead1@orchard.test')).items[0].data.amount, '10');
      // Dropping a column: confirmed the same way.
      await page.getByRole('button', { name: 'Drop column notes' }).click();
      await destroy.getByText('dropping column "notes" deletes its value from every row').waitFor();
      await destroy.getByRole('button', { name: 'Apply the change' }).click();
      await destroy.waitFor({ state: 'detached' });
      assert.deepEqual((await owner.call('GET', '/api/v1/tables/leads')).columns.map((c: { name: string }) => c.name), ['email', 'amount']);
      await page.getByRole('row', { name: /^notes/ }).waitFor({ state: 'detached' });
      await screenshotBothThemes(page, 'tables-table');

      // The table list links to it; deleting it asks first.
      await page.getByRole('link', { name: 'Data tables' }).first().click();
      await page.getByRole('link', { name: 'leads' }).click();
      await page.getByRole('button', { name: 'Delete table' }).click();
      await page.getByRole('alertdialog', { name: 'Delete the table leads?' }).getByRole('button', { name: 'Delete table' }).click();
      await page.waitForURL(`${base}/settings/tables`, { waitUntil: 'commit' });
      await page.getByText('The workspace has no data tables yet.').waitFor();
      assert.deepEqual(problems, []);
    });

    test('single sign-on: set up by the owner with field errors, a member signs in through the login page, refusals are explained', async () => {
      const owner = await account('Orchard');
      const { page, problems } = await signIn(owner.email);
      await page.goto(`${base}/settings/sso`);
      await page.getByText('Single sign-on is not set up.').waitFor();
      // The server's refusals: a plain-http issuer at its field, a domain at its field, an issuer that cannot be discovered.
      await page.getByLabel('Issuer URL').fill('http://idp.example.com');
      await page.getByLabel('Client ID').fill(CLIENT_ID);
      await page.getByLabel('Client secret').fill(CLIENT_SECRET);
      await choose(page, 'Role of people who join', 'Editor');
      await page.getByLabel('Allowed e-mail domains').fill('orchard.test, not a domain');
      await page.getByRole('button', { name: 'Set up single sign-on' }).click();
      await page.getByText('issuer must be an https: URL (plain http: only for a provider on localhost)', { exact: true }).waitFor();
      await page.getByText('Please correct the fields marked below.').waitFor();
      await page.getByLabel('Issuer URL').fill('http://127.0.0.1:1');
      await page.getByRole('button', { name: 'Set up single sign-on' }).click();
      await page.getByText('"not" is not an email domain such as example.com', { exact: true }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Allowed e-mail domains' }).getAttribute('aria-invalid'), 'true');
      await screenshotBothThemes(page, 'sso-settings-errors');
      await page.getByLabel('Allowed e-mail domains').fill('orchard.test');
      await page.getByRole('button', { name: 'Set up single sign-on' }).click();
      await page.getByText(/could not read the OpenID Connect configuration of http:\/\/127\.0\.0\.1:1/).waitFor();
      await page.getByLabel('Issuer URL').fill(idp.issuer);
      await page.getByRole('button', { name: 'Set up single sign-on' }).click();
      await page.getByText('Saved. The provider').waitFor();
      await page.getByText(`${base}/api/v1/auth/sso/callback`).waitFor();
      await page.getByText('A secret is stored (never shown)').waitFor();
      assert.equal(await page.getByLabel('Client secret').inputValue(), '');
      assert.ok(!(await page.content()).includes(CLIENT_SECRET));
      const config = await owner.call('GET', '/api/v1/sso');
      assert.deepEqual([config.clientId, config.clientSecretSet, config.defaultRole, config.allowedDomains, config.enabled], [CLIENT_ID, true, 'editor', ['orchard.test'], true]);
      // Saving again without a secret keeps the stored one.
      const enabled = page.getByRole('switch', { name: 'Members may sign in with single sign-on' });
      assert.equal(await enabled.isChecked(), true);
      await page.locator('label.lq-switch').click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Off: nobody can sign in').waitFor();
      assert.equal((await owner.call('GET', '/api/v1/sso')).enabled, false);
      await screenshotBothThemes(page, 'sso-settings');
      await expectAccessible(page, 'sso-settings');

      // Turned off: the start is refused, and the browser lands on the app's page saying so.
      const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const visitorProblems = watchProblems(visitor);
      await visitor.goto(`${base}/login`);
      await visitor.getByRole('link', { name: 'Sign in with SSO' }).click();
      await visitor.getByLabel('Workspace').fill(owner.slug);
      await visitor.getByRole('button', { name: 'Continue to your identity provider' }).click();
      await visitor.getByText('Single sign-on is turned off for this workspace.').waitFor();
      assert.ok(visitor.url().startsWith(`${base}/sso/complete?error=sso_disabled`), visitor.url());
      await screenshotBothThemes(visitor, 'sso-error');
      await page.locator('label.lq-switch').click();
      assert.equal(await enabled.isChecked(), true);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText(/^On$/).waitFor();

      // A domain the connection does not admit: refused at the callback, explained in the app.
      idp.state.nextAccount = 'mallory';
      await visitor.getByRole('link', { name: 'Try single sign-on again' }).click();
      assert.equal(await visitor.getByLabel('Workspace').inputValue(), owner.slug);
      await visitor.getByRole('button', { name: 'Continue to your identity provider' }).click();
      await visitor.getByText('Your e-mail address may not sign in to this workspace.').waitFor();
      await visitor.getByText(/its domain evil\.test is not among the allowed domains \(orchard\.test\)/).waitFor();

      // A workspace without single sign-on.
      await visitor.goto(`${base}/login/sso`);
      await visitor.getByLabel('Workspace').fill('no-such-workspace');
      await visitor.getByRole('button', { name: 'Continue to your identity provider' }).click();
      await visitor.getByText('This workspace does not use single sign-on.').waitFor();

      // Dana, in her own browser (the provider remembers Mallory in the other), signs in through the provider
      // for the first time: she joins as an editor and lands where the login page was asked to go.
      idp.state.nextAccount = 'dana';
      const dana = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const danaProblems = watchProblems(dana);
      await dana.goto(`${base}/login?next=${encodeURIComponent('/workflows')}`);
      await dana.getByRole('link', { name: 'Sign in with SSO' }).click();
      await dana.getByLabel('Workspace').fill(owner.slug);
      await screenshotBothThemes(dana, 'sso-login');
      await dana.getByRole('button', { name: 'Continue to your identity provider' }).click();
      await dana.waitForURL(`${base}/workflows`);
      await dana.getByText(accounts.dana.email!).first().waitFor();
      const members = (await owner.call('GET', '/api/v1/members')).items as { email: string; role: string }[];
      assert.equal(members.find((m) => m.email === accounts.dana.email)?.role, 'editor');
      // An editor may not see or change the connection: the page says so instead of failing.
      await dana.goto(`${base}/settings/sso`);
      await dana.getByText('Setting up single sign-on needs the admin or owner role').waitFor();
      assert.equal(await dana.getByLabel('Issuer URL').count(), 0);

      // Removal asks first.
      await page.getByRole('button', { name: 'Remove single sign-on' }).click();
      await page.getByRole('alertdialog', { name: 'Remove single sign-on?' }).getByRole('button', { name: 'Remove single sign-on' }).click();
      await page.getByText('Single sign-on is not set up.').waitFor();
      assert.equal((await levqor.server!.inject({ method: 'GET', url: `/api/v1/auth/sso/${owner.slug}/start` })).statusCode, 404);
      assert.deepEqual(problems, []);
      assert.deepEqual(visitorProblems, []);
      assert.deepEqual(danaProblems, []);
    });
  });
}
