import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { CLIENT_ID, CLIENT_SECRET, startProvider } from './support/oidc-provider.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/* Links we hand out are built from LEVQOR_PUBLIC_URL or the listening address, never from request headers. */

const HOSTILE = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

for (const kind of databaseKinds()) {
  describe(`links ignore the request's Host on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let base: string;
    let idp: Awaited<ReturnType<typeof startProvider>>;
    before(async () => {
      mail = await startMailCatcher();
      // Trusting the proxy headers for client addresses must not let them write links either.
      levqor = await startTestLevqor(kind, { listen: true, env: { SMTP_URL: mail.url, SMTP_FROM: 'Levqor <noreply@levqor.test>', LEVQOR_TRUST_PROXY: 'true' } });
      base = `http://127.0.0.1:${(levqor.server!.server.address() as AddressInfo).port}`;
      idp = await startProvider(`${base}/api/v1/auth/sso/callback`, {});
    });
    after(async () => {
      await levqor?.close();
      await mail?.close();
      await idp?.close();
    });

    test('the password-reset mail links to the listening address, not to a hostile Host or X-Forwarded-Host', async () => {
      await new SessionClient(levqor.server!).signup('reset@acme.test');
      const asked = await new SessionClient(levqor.server!).request('POST', '/api/v1/auth/password-reset', { email: 'reset@acme.test' }, HOSTILE);
      assert.equal(asked.status, 202);
      const sent = mail.mails.filter((m) => m.to.includes('reset@acme.test') && m.text.includes('reset-password')).at(-1);
      assert.ok(sent, 'a reset mail was sent');
      assert.ok(!sent.text.includes('evil.example'), sent.text);
      assert.match(sent.text, new RegExp(`${base.replace(/\./g, '\\.')}/reset-password\\?token=`));
    });

    test('hookUrl in workflow answers ignores a hostile Host', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', { name: 'hook', trigger: { type: 'webhook', path: 'lead' }, steps: [{ id: 's', type: 'transform' }] }, HOSTILE);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.hookUrl, `${base}/hooks/default/lead`);
      const listed = await levqor.api('GET', `/api/v1/workflows/${created.body.id}`, undefined, HOSTILE);
      assert.equal(listed.body.hookUrl, `${base}/hooks/default/lead`);
    });

    test('the SSO redirect_uri, shown and sent to the provider, ignores a hostile Host', async () => {
      const admin = new SessionClient(levqor.server!);
      assert.equal((await admin.signup('owner@sso.test', 'a long enough password', 'Sso Co')).status, 201);
      admin.workspace = 'sso-co';
      const put = await admin.request('PUT', '/api/v1/sso', { issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, defaultRole: 'editor', enabled: true }, HOSTILE);
      assert.equal(put.status, 201, JSON.stringify(put.body));
      assert.equal(put.body.redirectUri, `${base}/api/v1/auth/sso/callback`);
      assert.equal(put.body.loginUrl, `${base}/api/v1/auth/sso/sso-co/start`);
      const start = await levqor.server!.inject({ url: '/api/v1/auth/sso/sso-co/start', headers: HOSTILE });
      assert.equal(start.statusCode, 302, start.body);
      assert.equal(new URL(start.headers.location as string).searchParams.get('redirect_uri'), `${base}/api/v1/auth/sso/callback`);
    });
  });
}

/** The hookUrl of a new webhook workflow, asked with hostile headers of a Levqor that does not listen. */
async function hookUrlWith(env: Record<string, string>): Promise<string> {
  const levqor = await startTestLevqor('pglite', { env });
  try {
    const created = await levqor.api('POST', '/api/v1/workflows', { name: 'hook', trigger: { type: 'webhook', path: 'x' }, steps: [{ id: 's', type: 'transform' }] }, HOSTILE);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.hookUrl;
  } finally {
    await levqor.close();
  }
}

test('before listening, links use the configured port, with localhost for a wildcard bind address', async () => {
  assert.equal(await hookUrlWith({ PORT: '8123', HOST: '0.0.0.0' }), 'http://localhost:8123/hooks/default/x');
});

test('with LEVQOR_PUBLIC_URL, links use it whatever the Host and X-Forwarded-Host say', async () => {
  assert.equal(await hookUrlWith({ LEVQOR_PUBLIC_URL: 'https://levqor.example.com/', LEVQOR_TRUST_PROXY: 'true' }), 'https://levqor.example.com/hooks/default/x');
});
