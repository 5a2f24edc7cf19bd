import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { SessionClient } from './support/session-client.ts';
import { Browser, CLIENT_ID, CLIENT_SECRET, startProvider, type Claims } from './support/oidc-provider.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'a long enough password';

for (const kind of databaseKinds()) {
  describe(`single sign-on with OpenID Connect on ${kind}`, () => {
    let levqor: TestLevqor;
    let base: string;
    let callbackUrl: string;
    let idp: Awaited<ReturnType<typeof startProvider>>;
    let admin: SessionClient;
    const accounts: Record<string, Claims> = {
      newbie: { email: 'Newbie@Acme.test', email_verified: true, name: 'New Bie' },
      owner: { email: 'owner@acme.test', email_verified: true },
      outsider: { email: 'outsider@acme.test', email_verified: true },
      mallory: { email: 'mallory@evil.test', email_verified: true },
      unverified: { email: 'unverified@acme.test', email_verified: false },
      noemail: {},
      replay: { email: 'replay@acme.test', email_verified: true },
    };

    before(async () => {
      levqor = await startTestLevqor(kind, { listen: true });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as AddressInfo).port}`;
      callbackUrl = `${base}/api/v1/auth/sso/callback`;
      idp = await startProvider(callbackUrl, accounts);
      admin = new SessionClient(levqor.server!);
      assert.equal((await admin.signup('owner@acme.test', PASSWORD, 'Acme')).status, 201);
      admin.workspace = 'acme';
    });
    after(async () => {
      await levqor?.close();
      await idp?.close();
    });

    const configure = (body: Record<string, unknown>) =>
      admin.request('PUT', '/api/v1/sso', { issuer: idp.issuer, clientId: CLIENT_ID, defaultRole: 'editor', allowedDomains: ['acme.test'], enabled: true, ...body });

    /** Starts a sign-in in a fresh browser as `account`; answers the browser and the provider's redirect back to Levqor. */
    async function signInAt(account: string | null, redirect = '/welcome', workspace = 'acme') {
      idp.state.nextAccount = account;
      const browser = new Browser();
      const start = await browser.get(`${base}/api/v1/auth/sso/${workspace}/start?redirect=${encodeURIComponent(redirect)}`);
      assert.equal(start.status, 302, await start.text());
      const location = start.headers.get('location')!;
      assert.ok(location.startsWith(`${idp.issuer}/auth?`), location);
      const sent = new URL(location).searchParams;
      assert.equal(sent.get('code_challenge_method'), 'S256');
      assert.ok(sent.get('code_challenge') && sent.get('state') && sent.get('nonce'));
      assert.equal(sent.get('redirect_uri'), callbackUrl);
      return { browser, back: await browser.followUntil(location, callbackUrl) };
    }

    async function finish(browser: Browser, back: string) {
      const response = await browser.get(back);
      const text = await response.text();
      return { status: response.status, location: response.headers.get('location'), body: text ? JSON.parse(text) : undefined, cookies: response.headers.getSetCookie() };
    }

    async function me(browser: Browser, workspace?: string) {
      const response = await browser.get(`${base}/api/v1/me`, workspace ? { 'levqor-workspace': workspace } : {});
      return { status: response.status, body: await response.json() };
    }

    const auditActions = async (filter = '') => (await admin.request('GET', `/api/v1/audit?limit=200${filter}`)).body.items as { action: string; details: any; actor: any; target: any }[];

    test('an issuer that cannot be discovered, or is not https, is refused with a clear error', async () => {
      const unreachable = await configure({ issuer: 'http://127.0.0.1:1', clientSecret: CLIENT_SECRET });
      assert.equal(unreachable.status, 422, JSON.stringify(unreachable.body));
      assert.equal(unreachable.body.error.code, 'sso_discovery_failed');
      assert.match(unreachable.body.error.message, /could not read the OpenID Connect configuration of http:\/\/127\.0\.0\.1:1/);
      const plain = await configure({ issuer: 'http://idp.example.com', clientSecret: CLIENT_SECRET });
      assert.equal(plain.status, 400);
      assert.match(plain.body.error.message, /issuer must be an https: URL/);
      // Named by field like every validation_failed answer, so a form can show it there.
      assert.deepEqual(plain.body.error.details, [{ path: 'body.issuer', message: 'issuer must be an https: URL (plain http: only for a provider on localhost)' }]);
      const domain = await configure({ clientSecret: CLIENT_SECRET, allowedDomains: ['acme.test', 'not a domain'] });
      assert.deepEqual(domain.body.error.details, [{ path: 'body.allowedDomains.1', message: '"not a domain" is not an email domain such as example.com' }]);
      const noSecret = await configure({});
      assert.equal(noSecret.status, 400);
      assert.match(noSecret.body.error.message, /clientSecret is required/);
      assert.equal((await admin.request('GET', '/api/v1/sso')).status, 404);
    });

    test('configuration is stored without the client secret, which is kept encrypted in the secret store', async () => {
      const put = await configure({ clientSecret: CLIENT_SECRET });
      assert.equal(put.status, 201, JSON.stringify(put.body));
      assert.equal(put.body.issuer, idp.issuer);
      assert.equal(put.body.clientSecretSet, true);
      // Without LEVQOR_PUBLIC_URL the URLs use the listening address, whatever host the request names.
      assert.equal(put.body.redirectUri, callbackUrl);
      assert.equal(put.body.loginUrl, `${base}/api/v1/auth/sso/acme/start`);
      assert.ok(!JSON.stringify(put.body).includes(CLIENT_SECRET));
      const got = await admin.request('GET', '/api/v1/sso');
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.allowedDomains, ['acme.test']);
      assert.equal(got.body.defaultRole, 'editor');
      assert.ok(!JSON.stringify(got.body).includes(CLIENT_SECRET));

      const db = levqor.database.db;
      const row = await db.selectFrom('sso_connections').selectAll().executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes(CLIENT_SECRET));
      assert.equal(row.client_secret_name, 'SSO_CLIENT_SECRET');
      const secret = await db.selectFrom('secrets').selectAll().where('workspace_id', '=', row.workspace_id).where('name', '=', 'SSO_CLIENT_SECRET').executeTakeFirstOrThrow();
      assert.ok(!secret.ciphertext.includes(CLIENT_SECRET) && !Buffer.from(secret.ciphertext, 'base64').toString('latin1').includes(CLIENT_SECRET));
      assert.equal(await levqor.secrets.get(row.workspace_id, 'SSO_CLIENT_SECRET'), CLIENT_SECRET);
      // Workflows never see it, and the secrets API cannot overwrite or delete it.
      assert.equal((await levqor.secrets.loadAll(row.workspace_id)).SSO_CLIENT_SECRET, undefined);
      const overwrite = await admin.request('PUT', '/api/v1/secrets/SSO_CLIENT_SECRET', { value: 'x' });
      assert.equal(overwrite.status, 400);
      assert.match(overwrite.body.error.message, /reserved/);
      assert.equal((await admin.request('DELETE', '/api/v1/secrets/SSO_CLIENT_SECRET')).status, 400);

      // Changing settings without a secret keeps the stored one.
      const update = await configure({ defaultRole: 'viewer' });
      assert.equal(update.status, 200);
      assert.equal(update.body.defaultRole, 'viewer');
      assert.equal(await levqor.secrets.get(row.workspace_id, 'SSO_CLIENT_SECRET'), CLIENT_SECRET);
      assert.equal((await configure({})).status, 200);

      const events = await auditActions('&action=sso.configure');
      assert.equal(events.length, 3);
      assert.equal(events[2].details.created, true);
      assert.equal(events[2].details.clientSecretChanged, true);
      assert.equal(events[0].details.clientSecretChanged, false);
      assert.ok(!JSON.stringify(events).includes(CLIENT_SECRET));
    });

    test('config endpoints need admin: an editor is refused', async () => {
      const editor = new SessionClient(levqor.server!);
      await editor.signup('editor-user@acme.test', PASSWORD, 'Editor Home');
      await levqor.database.db
        .insertInto('memberships')
        .values({ workspace_id: (await levqor.workspaces.findBySlug('acme'))!.id, user_id: (await levqor.database.db.selectFrom('users').select('id').where('email', '=', 'editor-user@acme.test').executeTakeFirstOrThrow()).id, role: 'editor' })
        .execute();
      editor.workspace = 'acme';
      assert.equal((await editor.request('GET', '/api/v1/sso')).status, 403);
      assert.equal((await editor.request('PUT', '/api/v1/sso', { issuer: idp.issuer, clientId: 'x', defaultRole: 'admin', enabled: true })).status, 403);
    });

    test('a new user is created just in time, joins with the default role and gets a session', async () => {
      const { browser, back } = await signInAt('newbie', '/welcome?tab=1');
      const done = await finish(browser, back);
      assert.equal(done.status, 302, JSON.stringify(done.body));
      assert.equal(done.location, '/welcome?tab=1');
      assert.ok(done.cookies.some((c) => /^levqor_session=.+HttpOnly/i.test(c)), done.cookies.join('\n'));
      const profile = await me(browser);
      assert.equal(profile.status, 200, JSON.stringify(profile.body));
      assert.equal(profile.body.user.email, 'newbie@acme.test');
      assert.equal(profile.body.user.name, 'New Bie');
      assert.equal(profile.body.user.emailVerified, true);
      assert.equal(profile.body.currentWorkspace, 'acme');
      assert.equal(profile.body.role, 'editor');
      assert.deepEqual(profile.body.workspaces.map((w: { slug: string; role: string }) => [w.slug, w.role]), [['acme', 'editor']]);
      // No password was set: a password sign-in fails.
      assert.equal((await new SessionClient(levqor.server!).login('newbie@acme.test', PASSWORD)).status, 401);

      const join = (await auditActions('&action=member.join')).find((e) => e.actor.label === 'newbie@acme.test');
      assert.ok(join);
      assert.deepEqual({ role: join.details.role, via: join.details.via, userCreated: join.details.userCreated }, { role: 'editor', via: 'sso', userCreated: true });
      const login = (await auditActions('&action=auth.sso_login')).find((e) => e.actor.label === 'newbie@acme.test');
      assert.ok(login);
      assert.equal(login.details.issuer, idp.issuer);
      assert.equal(login.details.subject, 'newbie');

      // A second sign-in finds the same user and changes nothing.
      const again = await signInAt('newbie');
      assert.equal((await finish(again.browser, again.back)).status, 302);
      assert.equal((await me(again.browser)).body.user.id, profile.body.user.id);
      assert.equal((await auditActions('&action=member.join')).filter((e) => e.actor.label === 'newbie@acme.test').length, 1);
    });

    test('an existing member keeps a higher role; an existing user of another workspace joins with the default role', async () => {
      const owner = await signInAt('owner');
      assert.equal((await finish(owner.browser, owner.back)).status, 302);
      const ownerProfile = await me(owner.browser, 'acme');
      assert.equal(ownerProfile.body.role, 'owner');
      assert.ok(!(await auditActions('&action=member.join')).some((e) => e.actor.label === 'owner@acme.test'));

      assert.equal((await new SessionClient(levqor.server!).signup('outsider@acme.test', PASSWORD, 'Outsider Home')).status, 201);
      const outsider = await signInAt('outsider');
      assert.equal((await finish(outsider.browser, outsider.back)).status, 302);
      const profile = await me(outsider.browser, 'acme');
      assert.equal(profile.body.role, 'editor');
      // The password still works, and a password session sees every workspace of the account.
      const password = new SessionClient(levqor.server!);
      assert.equal((await password.login('outsider@acme.test', PASSWORD)).status, 200);
      assert.deepEqual((await password.request('GET', '/api/v1/me')).body.workspaces.map((w: { slug: string; role: string }) => [w.slug, w.role]), [['outsider-home', 'owner'], ['acme', 'editor']]);
    });

    test("a single sign-on session acts only in its workspace: the provider is not trusted for the account's others", async () => {
      const outsider = await signInAt('outsider');
      assert.equal((await finish(outsider.browser, outsider.back)).status, 302);
      const profile = await me(outsider.browser);
      assert.equal(profile.body.currentWorkspace, 'acme');
      assert.deepEqual(profile.body.workspaces.map((w: { slug: string }) => w.slug), ['acme']);
      const elsewhere = await me(outsider.browser, 'outsider-home');
      assert.equal(elsewhere.status, 403);
      assert.equal(elsewhere.body.error.code, 'sso_session_confined');
      assert.match(elsewhere.body.error.message, /started with single sign-on of workspace "acme" .*sign in with your password to use workspace "outsider-home"/);
      const workflows = await outsider.browser.get(`${base}/api/v1/workflows`, { 'levqor-workspace': 'outsider-home' });
      assert.equal(workflows.status, 403);
      assert.equal((await outsider.browser.get(`${base}/api/v1/workflows`)).status, 200);
      const list = await outsider.browser.get(`${base}/api/v1/workspaces`);
      assert.deepEqual((await list.json()).items.map((w: { slug: string }) => w.slug), ['acme']);
      // Account-wide routes (other than /me and logout) need a password session.
      const sessions = await outsider.browser.get(`${base}/api/v1/auth/sessions`);
      assert.equal(sessions.status, 403);
      assert.equal((await sessions.json()).error.code, 'sso_session_confined');
    });

    test('an email outside the allowed domains, an unverified email or none at all is refused', async () => {
      const mallory = await signInAt('mallory');
      const refused = await finish(mallory.browser, mallory.back);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'sso_domain_not_allowed');
      assert.match(refused.body.error.message, /mallory@evil\.test .*evil\.test is not among the allowed domains \(acme\.test\)/);
      assert.ok(!refused.cookies.some((c) => c.startsWith('levqor_session=')));
      assert.equal(await levqor.database.db.selectFrom('users').select('id').where('email', '=', 'mallory@evil.test').executeTakeFirst(), undefined);
      const failed = (await auditActions('&action=auth.sso_login_failed')).find((e) => e.details.email === 'mallory@evil.test');
      assert.equal(failed?.details.code, 'sso_domain_not_allowed');

      const unverified = await signInAt('unverified');
      const notVerified = await finish(unverified.browser, unverified.back);
      assert.equal(notVerified.status, 400);
      assert.equal(notVerified.body.error.code, 'sso_email_unverified');

      const none = await signInAt('noemail');
      const noEmail = await finish(none.browser, none.back);
      assert.equal(noEmail.status, 400);
      assert.equal(noEmail.body.error.code, 'sso_email_missing');
    });

    test('a replayed callback is refused, even with the original cookie', async () => {
      const { browser, back } = await signInAt('replay');
      const stateCookie = browser.cookies(base).get('levqor_sso_state')!;
      assert.ok(stateCookie);
      assert.equal((await finish(browser, back)).status, 302);
      const attacker = new Browser();
      attacker.cookies(base).set('levqor_sso_state', stateCookie);
      const replay = await finish(attacker, back);
      assert.equal(replay.status, 400);
      assert.equal(replay.body.error.code, 'sso_state_invalid');
      assert.match(replay.body.error.message, /unknown, already used or expired/);
      assert.equal((await auditActions('&action=auth.sso_login')).filter((e) => e.actor.label === 'replay@acme.test').length, 1);
    });

    test('a tampered state, or a callback in a browser that did not start the sign-in, is refused', async () => {
      const { browser, back } = await signInAt('newbie');
      const tampered = new URL(back);
      tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
      const mismatch = await finish(browser, tampered.href);
      assert.equal(mismatch.status, 400);
      assert.equal(mismatch.body.error.code, 'sso_state_mismatch');

      const forged = new Browser();
      forged.cookies(base).set('levqor_sso_state', tampered.searchParams.get('state')!);
      const unknown = await finish(forged, tampered.href);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.code, 'sso_state_invalid');

      // Login CSRF: the provider's redirect opened in another browser signs nobody in.
      const other = await finish(new Browser(), back);
      assert.equal(other.status, 400);
      assert.equal(other.body.error.code, 'sso_state_mismatch');
      assert.ok(!other.cookies.some((c) => c.startsWith('levqor_session=')));
    });

    test('an expired sign-in, or an ID token whose nonce does not match, is refused', async () => {
      const db = levqor.database.db;
      const stateHash = (back: string) => createHash('sha256').update(new URL(back).searchParams.get('state')!).digest('hex');
      const late = await signInAt('newbie');
      await db.updateTable('sso_logins').set({ expires_at: new Date(Date.now() - 1000) }).where('state_hash', '=', stateHash(late.back)).execute();
      const expired = await finish(late.browser, late.back);
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error.code, 'sso_state_invalid');

      const swapped = await signInAt('newbie');
      await db.updateTable('sso_logins').set({ nonce: 'not-the-nonce-that-was-sent' }).where('state_hash', '=', stateHash(swapped.back)).execute();
      const nonce = await finish(swapped.browser, swapped.back);
      assert.equal(nonce.status, 400);
      assert.equal(nonce.body.error.code, 'sso_failed');
      assert.match(nonce.body.error.message, /nonce/);
      // Used logins keep neither their PKCE verifier nor their nonce.
      const used = await db.selectFrom('sso_logins').selectAll().where('state_hash', '=', stateHash(swapped.back)).executeTakeFirstOrThrow();
      assert.ok(used.used_at);
      assert.equal(used.code_verifier, null);
      assert.equal(used.nonce, null);
    });

    test('a provider error, a wrong client secret and a bad redirect are reported clearly', async () => {
      const denied = await signInAt(null);
      const error = await finish(denied.browser, denied.back);
      assert.equal(error.status, 400);
      assert.equal(error.body.error.code, 'sso_provider_error');
      assert.match(error.body.error.message, /the identity provider refused the sign-in: access_denied \(the user cancelled the sign-in\)/);

      assert.equal((await configure({ clientSecret: 'not-the-right-secret' })).status, 200);
      const wrong = await signInAt('newbie');
      const failed = await finish(wrong.browser, wrong.back);
      assert.equal(failed.status, 400);
      assert.equal(failed.body.error.code, 'sso_failed');
      assert.match(failed.body.error.message, /invalid_client/);
      assert.equal((await configure({ clientSecret: CLIENT_SECRET })).status, 200);

      for (const redirect of ['https://evil.test/', '//evil.test/path', '/\\evil.test']) {
        const response = await new Browser().get(`${base}/api/v1/auth/sso/acme/start?redirect=${encodeURIComponent(redirect)}`);
        assert.equal(response.status, 400, redirect);
        assert.match((await response.json()).error.message, /redirect must be a relative path/);
      }
      const unknown = await new Browser().get(`${base}/api/v1/auth/sso/default/start`);
      assert.equal(unknown.status, 404);
      assert.equal((await unknown.json()).error.code, 'sso_not_configured');
    });

    test('disabled single sign-on answers a clear error, at start and at a callback begun before', async () => {
      const pending = await signInAt('newbie');
      assert.equal((await configure({ enabled: false })).status, 200);
      const start = await new Browser().get(`${base}/api/v1/auth/sso/acme/start`);
      assert.equal(start.status, 400);
      const body = await start.json();
      assert.equal(body.error.code, 'sso_disabled');
      assert.match(body.error.message, /single sign-on is turned off for workspace "acme"/);
      const late = await finish(pending.browser, pending.back);
      assert.equal(late.status, 400);
      assert.equal(late.body.error.code, 'sso_disabled');
      assert.equal((await configure({ enabled: true })).status, 200);
    });

    test('deleting the connection removes it and its secret, and is audited', async () => {
      const workspaceId = (await levqor.workspaces.findBySlug('acme'))!.id;
      assert.equal((await admin.request('DELETE', '/api/v1/sso')).status, 204);
      assert.equal((await admin.request('GET', '/api/v1/sso')).status, 404);
      assert.equal((await admin.request('DELETE', '/api/v1/sso')).status, 404);
      assert.equal(await levqor.secrets.get(workspaceId, 'SSO_CLIENT_SECRET'), undefined);
      const start = await new Browser().get(`${base}/api/v1/auth/sso/acme/start`);
      assert.equal(start.status, 404);
      const [event] = await auditActions('&action=sso.delete');
      assert.equal(event.details.issuer, idp.issuer);
      assert.equal(event.actor.label, 'owner@acme.test');
    });
  });

  describe(`single sign-on under the outbound address policy on ${kind}`, () => {
    let levqor: TestLevqor;
    let idp: Awaited<ReturnType<typeof startProvider>>;
    before(async () => {
      // Nothing allowed: the provider on 127.0.0.1 is a loopback address the policy refuses.
      levqor = await startTestLevqor(kind, { env: { LEVQOR_OUTBOUND_ALLOW: '' } });
      idp = await startProvider('http://127.0.0.1:9/api/v1/auth/sso/callback', {});
    });
    after(async () => {
      await levqor?.close();
      await idp?.close();
    });

    test('discovery of a provider on a blocked address is refused and says how to allow it', async () => {
      const put = await levqor.api('PUT', '/api/v1/sso', { issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, defaultRole: 'viewer', enabled: true });
      assert.equal(put.status, 422, JSON.stringify(put.body));
      assert.equal(put.body.error.code, 'sso_discovery_failed');
      assert.match(put.body.error.message, /refused to connect to 127\.0\.0\.1 \(loopback address\).*LEVQOR_OUTBOUND_ALLOW/);
    });
  });
}
