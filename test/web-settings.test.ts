import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility.ts';
import { signInInBrowser, signUpByApi } from './support/browser-accounts.ts';
import { launchBrowser, screenshotBothThemes } from './support/browser.ts';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'settings pages passphrase';

/** The settings area in a real browser: workspace, members, API keys, secrets, sessions and the audit log. */
for (const kind of databaseKinds()) {
  describe(`web app settings in Chromium on ${kind}`, () => {
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

    const emailOf = (name: string) => `${name.toLowerCase().replace(/\W+/g, '-')}-${kind}@example.com`;

    /** A new account with its own workspace; the API side of the test acts through its session. */
    async function account(name: string) {
      const email = emailOf(name);
      return { email, ...(await signUpByApi(levqor, email, PASSWORD, name)) };
    }

    async function signIn(email: string, options: { workspace?: string; clipboard?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
      return signInInBrowser(browser, base, email, PASSWORD, {
        workspace: options.workspace,
        permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
        ready: (page) => page.getByRole('link', { name: 'Settings' }),
      });
    }

    const invitationToken = async (to: string) => {
      for (let i = 0; i < 100 && !mail.mails.some((m) => m.to.includes(to) && m.text.includes('/invitations/accept')); i++) await new Promise((r) => setTimeout(r, 50));
      const message = [...mail.mails].reverse().find((m) => m.to.includes(to) && m.text.includes('/invitations/accept'));
      const token = message && /\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
      assert.ok(token, `no invitation e-mail to ${to}`);
      return token;
    };

    /** Someone with their own account who joins `slug` through the invitation e-mailed to them. */
    async function joinAs(name: string) {
      const member = await account(name);
      const token = await invitationToken(member.email);
      await member.call('POST', '/api/v1/invitations/accept', { token });
      return member;
    }

    test('settings are in the main navigation; the sub-navigation works by keyboard; the workspace is renamed with the server\'s field errors', async () => {
      const owner = await account('Harbour Books');
      const { page, problems } = await signIn(owner.email);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL(`${base}/settings/workspace`, { waitUntil: 'commit' });
      const subnav = page.getByRole('navigation', { name: 'Settings' });
      assert.deepEqual(await subnav.getByRole('link').allInnerTexts(), ['Workspace', 'Members', 'API keys', 'Secrets', 'Data tables', 'Single sign-on', 'Sessions', 'Audit log', 'Billing']);
      assert.equal(await subnav.getByRole('link', { name: 'Workspace' }).getAttribute('aria-current'), 'page');

      await subnav.getByRole('link', { name: 'Workspace' }).focus();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Members');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/settings/members`, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Members' }).waitFor();
      await page.goBack();
      await page.waitForURL(`${base}/settings/workspace`, { waitUntil: 'commit' });

      const name = page.getByLabel('Name');
      await name.waitFor();
      assert.equal(await name.inputValue(), 'Harbour Books');
      assert.equal(await page.getByLabel('Slug').inputValue(), owner.slug);
      assert.equal(await page.getByLabel('Slug').getAttribute('readonly'), '');
      await screenshotBothThemes(page, 'settings-workspace');

      // Only spaces pass the browser's own check; the server refuses the empty name at its field.
      await name.fill('   ');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Please correct the fields marked below.').waitFor();
      await page.getByText(/body\.name|fewer than 1 character/).waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      await screenshotBothThemes(page, 'settings-workspace-error');
      await expectAccessible(page, 'settings-workspace-error');

      await name.fill('Harbour Books & Maps');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('The workspace is now called “Harbour Books & Maps”.').waitFor();
      await page.getByRole('button', { name: /Workspace/ }).filter({ hasText: 'Harbour Books & Maps' }).waitFor();
      assert.equal((await owner.call('GET', '/api/v1/workspace')).name, 'Harbour Books & Maps');
      assert.deepEqual(problems, []);
    });

    test('members: invite by e-mail, revoke, change roles and remove after a confirmation; the server\'s role rules decide and its refusal shows', async () => {
      const owner = await account('Quay Studio');
      const { page, problems } = await signIn(owner.email);
      await page.goto(`${base}/settings/members`);
      await page.getByText('No invitation is waiting for an answer.').waitFor();
      await screenshotBothThemes(page, 'settings-members-empty');

      const invite = async (email: string, role: string) => {
        const form = page.getByRole('form', { name: 'Invite someone' });
        await form.getByLabel('E-mail').fill(email);
        await form.getByRole('button', { name: /Role/ }).click();
        await page.getByRole('option', { name: role, exact: true }).click();
        await form.getByRole('button', { name: 'Invite' }).click();
        await page.getByText(`Invitation sent to ${email}.`).waitFor();
      };
      await invite(emailOf('Ada Editor'), 'editor');
      await invite(emailOf('Vic Viewer'), 'viewer');
      await invite(emailOf('Nobody Wanted'), 'admin');
      const pending = page.getByRole('table', { name: 'Pending invitations' });
      await pending.getByRole('row', { name: new RegExp(emailOf('Nobody Wanted')) }).waitFor();
      await page.getByRole('button', { name: `Revoke the invitation of ${emailOf('Nobody Wanted')}` }).click();
      await pending.getByRole('row', { name: new RegExp(emailOf('Nobody Wanted')) }).waitFor({ state: 'detached' });
      const listed = (await owner.call('GET', '/api/v1/invitations')).items;
      assert.deepEqual(listed.filter((i: any) => i.acceptedAt === null).map((i: any) => i.email).sort(), [emailOf('Ada Editor'), emailOf('Vic Viewer')]);

      await joinAs('Ada Editor');
      const viewer = await joinAs('Vic Viewer');
      await page.reload();
      const row = (who: string) => page.getByRole('row', { name: new RegExp(emailOf(who)) });
      await row('Ada Editor').waitFor();
      await screenshotBothThemes(page, 'settings-members');
      await expectAccessible(page, 'settings-members');

      // Change a role: the dialog asks first; cancelling changes nothing.
      await row('Ada Editor').getByRole('button', { name: /Role of/ }).click();
      await page.getByRole('option', { name: 'admin', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: `Make ${emailOf('Ada Editor')} admin?` }).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await owner.call('GET', '/api/v1/members')).items.find((m: any) => m.email === emailOf('Ada Editor')).role, 'editor');
      await row('Ada Editor').getByRole('button', { name: /Role of/ }).click();
      await page.getByRole('option', { name: 'admin', exact: true }).click();
      await dialog.getByRole('button', { name: 'Change role' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row('Ada Editor').getByRole('button', { name: /Role of/ }).filter({ hasText: 'admin' }).waitFor();

      // The only owner cannot step down: the server refuses and the dialog says why.
      await row('Quay Studio').getByRole('button', { name: /Role of/ }).click();
      await page.getByRole('option', { name: 'editor', exact: true }).click();
      await dialog.getByRole('button', { name: 'Change role' }).click();
      await dialog.getByRole('alert').filter({ hasText: /owner/ }).waitFor();
      await screenshotBothThemes(page, 'settings-members-refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: `Remove ${emailOf('Vic Viewer')}` }).click();
      const alert = page.getByRole('alertdialog');
      await alert.getByText('loses access to this workspace at once').waitFor();
      await alert.getByRole('button', { name: 'Remove member' }).click();
      await row('Vic Viewer').waitFor({ state: 'detached' });
      assert.equal((await owner.call('GET', '/api/v1/members')).items.length, 2);
      assert.deepEqual(problems, []);

      // An admin cannot touch the owner nor grant owner; a viewer changes nothing and sees no invitations.
      const admin = await signIn(emailOf('Ada Editor'), { workspace: owner.slug });
      await admin.page.goto(`${base}/settings/members`);
      const ownerRow = admin.page.getByRole('row', { name: new RegExp(owner.email) });
      await ownerRow.waitFor();
      assert.equal(await ownerRow.getByRole('button', { name: /Role of/ }).isDisabled(), true);
      assert.equal(await ownerRow.getByRole('button', { name: /Remove/ }).isDisabled(), true);
      await admin.page.getByRole('form', { name: 'Invite someone' }).getByRole('button', { name: /Role/ }).click();
      assert.deepEqual(await admin.page.getByRole('listbox').getByRole('option').allInnerTexts(), ['admin', 'editor', 'viewer'], 'no one grants more than they hold');
      await admin.page.keyboard.press('Escape');
      assert.deepEqual(admin.problems, []);

      await owner.call('POST', '/api/v1/invitations', { email: viewer.email, role: 'viewer' });
      await viewer.call('POST', '/api/v1/invitations/accept', { token: await invitationToken(viewer.email) });
      const seen = await signIn(viewer.email, { workspace: owner.slug });
      await seen.page.goto(`${base}/settings/members`);
      await seen.page.getByText('Only admins and owners change roles, remove members and invite people.').waitFor();
      assert.equal(await seen.page.getByRole('heading', { name: 'Invitations' }).count(), 0);
      for (const button of await seen.page.getByRole('button', { name: /^(Role of|Remove)/ }).all()) assert.equal(await button.isDisabled(), true);
      await seen.page.goto(`${base}/settings/workspace`);
      assert.equal(await seen.page.getByLabel('Name').isDisabled(), true);
      assert.equal(await seen.page.getByRole('button', { name: 'Save' }).count(), 0);
      await seen.page.goto(`${base}/settings/api-keys`);
      await seen.page.getByText('Managing API keys needs the admin or owner role').waitFor();
      await screenshotBothThemes(seen.page, 'settings-api-keys-viewer');
      assert.deepEqual(seen.problems, []);
    });

    test('API keys: created with a scope and expiry, the key shown once with a copy button, listed with its last use, revoked after a confirmation', async () => {
      const owner = await account('Lantern Lab');
      const { page, problems } = await signIn(owner.email, { clipboard: true });
      await page.goto(`${base}/settings/api-keys`);
      await page.getByText('No API key yet.').waitFor();
      await screenshotBothThemes(page, 'settings-api-keys-empty');

      await page.getByLabel('Name').fill('CRM sync <b>nightly</b>');
      await page.getByRole('button', { name: /Scope/ }).click();
      await page.getByRole('option', { name: /^write/ }).click();
      await page.getByRole('button', { name: /Expires/ }).click();
      await page.getByRole('option', { name: 'In 30 days' }).click();
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByText('This is the only time the key “CRM sync <b>nightly</b>” is shown').waitFor();
      const key = await page.getByLabel('The new API key').innerText();
      assert.match(key, /^lvq_/);
      await page.getByRole('button', { name: 'Copy the API key' }).click();
      await page.getByRole('button', { name: 'Copy the API key' }).filter({ hasText: 'Copied' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
      await screenshotBothThemes(page, 'settings-api-keys-created');
      await expectAccessible(page, 'settings-api-keys-created');

      const listed = (await owner.call('GET', '/api/v1/api-keys')).items;
      assert.equal(listed.length, 1);
      assert.deepEqual(listed[0].scopes, ['write']);
      const days = (new Date(listed[0].expiresAt).getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
      const used = await levqor.server!.inject({ method: 'GET', url: '/api/v1/workflows', headers: { authorization: `Bearer ${key}` } });
      assert.equal(used.statusCode, 200);

      await page.getByRole('button', { name: 'I have saved it' }).click();
      assert.equal(await page.getByText(key).count(), 0, 'the key is not shown again');
      await page.reload();
      const row = page.getByRole('row', { name: /CRM sync/ });
      await row.waitFor();
      assert.equal(await row.getByRole('rowheader').innerText(), 'CRM sync <b>nightly</b>');
      assert.match(await row.innerText(), new RegExp(`${listed[0].prefix}…\\s+write`));
      assert.doesNotMatch(await row.innerText(), /never\s*$/, 'last used is shown once the key was used');
      assert.equal(await page.getByText(key).count(), 0);
      await screenshotBothThemes(page, 'settings-api-keys');

      await row.getByRole('button', { name: /Revoke/ }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByRole('heading', { name: 'Revoke “CRM sync <b>nightly</b>”?' }).waitFor();
      await screenshotBothThemes(page, 'settings-api-keys-revoke');
      await dialog.getByRole('button', { name: 'Revoke key' }).click();
      await page.getByText('No API key yet.').waitFor();
      const refused = await levqor.server!.inject({ method: 'GET', url: '/api/v1/workflows', headers: { authorization: `Bearer ${key}` } });
      assert.equal(refused.statusCode, 401);
      assert.deepEqual(problems, []);
    });

    test('secrets: names only, added with the server\'s field errors, value replaced, deleted after a confirmation', async () => {
      const owner = await account('Copper Kettle');
      const { page, problems } = await signIn(owner.email);
      await page.goto(`${base}/settings/secrets`);
      await page.getByText('The workspace has no secrets yet.').waitFor();
      await screenshotBothThemes(page, 'settings-secrets-empty');

      await page.getByLabel('Name').fill('crm token');
      await page.getByLabel('Value', { exact: true }).fill('first-value-123');
      await page.getByRole('button', { name: 'Add secret' }).click();
      await page.getByText('Please correct the fields marked below.').waitFor();
      assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
      await screenshotBothThemes(page, 'settings-secrets-error');

      await page.getByLabel('Name').fill('CRM_TOKEN');
      await page.getByRole('button', { name: 'Add secret' }).click();
      await page.getByText('Secret CRM_TOKEN saved.').waitFor();
      const row = page.getByRole('row', { name: /CRM_TOKEN/ });
      await row.waitFor();
      assert.equal(await levqor.secrets.get(owner.workspaceId, 'CRM_TOKEN'), 'first-value-123');
      assert.equal(await page.getByText('first-value-123').count(), 0);
      assert.ok(!(await page.content()).includes('first-value-123'), 'the value is nowhere in the page');

      await page.getByLabel('Name').fill('CRM_TOKEN');
      await page.getByLabel('Value', { exact: true }).fill('other');
      await page.getByRole('button', { name: 'Add secret' }).click();
      await page.getByText('The workspace already has a secret CRM_TOKEN').waitFor();
      assert.equal(await levqor.secrets.get(owner.workspaceId, 'CRM_TOKEN'), 'first-value-123', 'adding never overwrites');
      await screenshotBothThemes(page, 'settings-secrets');
      await expectAccessible(page, 'settings-secrets');

      await row.getByRole('button', { name: 'Replace value of CRM_TOKEN' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('New value').fill('second-value-456');
      await screenshotBothThemes(page, 'settings-secrets-replace');
      await dialog.getByLabel('New value').press('Enter');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await levqor.secrets.get(owner.workspaceId, 'CRM_TOKEN'), 'second-value-456');

      await row.getByRole('button', { name: 'Delete CRM_TOKEN' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete secret' }).click();
      await page.getByText('The workspace has no secrets yet.').waitFor();
      assert.equal(await levqor.secrets.get(owner.workspaceId, 'CRM_TOKEN'), undefined);
      assert.deepEqual(problems, []);
    });

    test('sessions: every sign-in listed with this one marked; one is signed out, then all the others', async () => {
      const owner = await account('Tidewater Co');
      const elsewhere = await signIn(owner.email);
      const { page, problems } = await signIn(owner.email);
      await page.goto(`${base}/settings/sessions`);
      const rows = page.getByRole('table').getByRole('row');
      await page.getByText('this session').waitFor();
      assert.equal(await rows.count(), 4, 'a header and three sessions: the sign-up, another browser, this one');
      assert.equal(await page.getByRole('row', { name: /this session/ }).count(), 1);
      assert.match(await page.getByRole('row', { name: /this session/ }).innerText(), /Headless Chrome on Linux/);
      await page.getByRole('row', { name: /session-client-test/ }).waitFor();
      await screenshotBothThemes(page, 'settings-sessions');
      await expectAccessible(page, 'settings-sessions');

      await page.getByRole('row', { name: /session-client-test/ }).getByRole('button', { name: /Sign out/ }).click();
      await page.getByRole('row', { name: /session-client-test/ }).waitFor({ state: 'detached' });
      assert.equal((await owner.session.request('GET', '/api/v1/me')).status, 401, 'the signed-out session no longer works');

      await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out 1 session' }).click();
      await page.getByText('You are signed in nowhere else.').waitFor();
      assert.equal(await rows.count(), 2);
      assert.equal(await page.getByRole('button', { name: 'Sign out all other sessions' }).isDisabled(), true);
      await screenshotBothThemes(page, 'settings-sessions-alone');
      assert.equal((await elsewhere.page.request.get(`${base}/api/v1/me`)).status(), 401, 'the other browser is signed out');
      assert.equal((await page.request.get(`${base}/api/v1/me`)).status(), 200, 'this one is not');
      assert.deepEqual(problems, []);
    });

    test('audit log: filtered by actor, action and time; exported as CSV and JSON Lines once the plan has exports', async () => {
      const owner = await account('Beacon Bakery');
      await owner.call('PUT', '/api/v1/secrets/ONE', { value: 'x' });
      await owner.call('PUT', '/api/v1/secrets/TWO', { value: 'y' });
      await owner.call('POST', '/api/v1/invitations', { email: emailOf('Bea Member'), role: 'editor' });
      const member = await joinAs('Bea Member');
      const { page, problems } = await signIn(owner.email);
      await page.goto(`${base}/settings/audit`);
      const body = page.getByRole('table').locator('tbody tr');
      await page.getByRole('cell', { name: 'member.join' }).waitFor();
      assert.ok((await body.count()) >= 5);
      await screenshotBothThemes(page, 'settings-audit');
      await expectAccessible(page, 'settings-audit');

      await page.getByRole('button', { name: /Action/ }).click();
      await page.getByRole('option', { name: 'secret.create' }).click();
      await page.waitForURL(/action=secret\.create/, { waitUntil: 'commit' });
      // The filtered page replaces the list once it arrives: wait until the other actions are gone, then count.
      await page.getByRole('cell', { name: 'member.join' }).waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: 'TWO' }).waitFor();
      assert.equal(await body.count(), 2);
      assert.deepEqual(await page.getByRole('cell', { name: 'secret.create' }).count(), 2);

      await page.getByRole('button', { name: /Actor/ }).click();
      await page.getByRole('option', { name: member.email }).click();
      await page.getByText('No event matches these filters.').waitFor();
      await screenshotBothThemes(page, 'settings-audit-empty');
      await page.getByRole('button', { name: /Action/ }).click();
      await page.getByRole('option', { name: 'Any action' }).click();
      await page.getByRole('cell', { name: 'member.join' }).waitFor();
      assert.equal(await body.count(), 1);
      await page.getByRole('button', { name: /Actor/ }).click();
      await page.getByRole('option', { name: 'Anyone' }).click();
      await page.getByRole('button', { name: /When/ }).click();
      await page.getByRole('option', { name: 'Last hour' }).click();
      await page.waitForURL(/range=1h/, { waitUntil: 'commit' });
      await page.getByRole('cell', { name: 'member.join' }).waitFor();

      // The trial has no exports: the server's refusal says which plans do.
      await page.getByRole('button', { name: 'Download CSV' }).click();
      await page.getByRole('alert').filter({ hasText: 'exports are not part of the Trial' }).waitFor();
      await screenshotBothThemes(page, 'settings-audit-export-refused');

      await levqor.database.db.insertInto('workspace_billing').values({ workspace_id: owner.workspaceId, plan_id: 'growth' })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ plan_id: 'growth' })).execute();
      await levqor.quotas.planChanged(owner.workspaceId);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      assert.match(csv.suggestedFilename(), /^audit-.*\.csv$/);
      const lines = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\r\n');
      assert.equal(lines[0], 'id,created_at,action,actor_type,actor_id,actor_label,target_type,target_id,ip,user_agent,details');
      assert.ok(lines.some((l) => l.includes(',secret.create,') && l.includes(',TWO,')), lines.join('\n'));
      assert.equal(await page.getByRole('alert').count(), 0);

      await page.getByRole('button', { name: /Action/ }).click();
      await page.getByRole('option', { name: 'secret.create' }).click();
      const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON Lines' }).click()]);
      assert.match(jsonl.suggestedFilename(), /^audit-.*\.jsonl$/);
      const events = (await readFile((await jsonl.path())!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(events.map((e) => e.target.id), ['TWO', 'ONE'], 'only the chosen action, newest first');
      // At tablet width the sub-navigation runs above the page and the table scrolls inside its card.
      await page.setViewportSize({ width: 768, height: 900 });
      await screenshotBothThemes(page, 'settings-audit-tablet');
      assert.deepEqual(problems, []);
    });
  });
}
