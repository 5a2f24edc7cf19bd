import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { databaseKinds } from './support/databases.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/* LEVQOR_TRUST_PROXY may name the proxies: X-Forwarded-For counts only when one of them sent the request. */

for (const kind of databaseKinds()) {
  describe(`trusted proxies by address on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind, { env: { LEVQOR_TRUST_PROXY: '10.0.0.2, 192.0.2.0/24' } });
    });
    after(async () => levqor?.close());

    const signupIp = async (email: string, remoteAddress: string) => {
      const client = new SessionClient(levqor.server!);
      client.remoteAddress = remoteAddress;
      const signup = await client.request('POST', '/api/v1/auth/signup', { email, password: 'a long enough password', workspaceName: email.split('@')[0] }, { 'x-forwarded-for': '198.51.100.7' });
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
      const audit = await client.request('GET', '/api/v1/audit?action=account.signup');
      return audit.body.items[0].ip as string;
    };

    test('a listed proxy (address or range) forwards the client address; anyone else cannot', async () => {
      assert.equal(await signupIp('via-proxy@acme.test', '10.0.0.2'), '198.51.100.7');
      assert.equal(await signupIp('via-range@acme.test', '192.0.2.44'), '198.51.100.7');
      assert.equal(await signupIp('direct@acme.test', '203.0.113.9'), '203.0.113.9', 'a direct caller cannot claim another address');
    });
  });
}

test('LEVQOR_TRUST_PROXY takes true, false or addresses, and names a bad entry', () => {
  assert.equal(loadConfig({}).http.trustProxy, false);
  assert.equal(loadConfig({ LEVQOR_TRUST_PROXY: 'true' }).http.trustProxy, true);
  assert.deepEqual(loadConfig({ LEVQOR_TRUST_PROXY: '10.0.0.2,::1, fd00::/8' }).http.trustProxy, ['10.0.0.2', '::1', 'fd00::/8']);
  assert.throws(() => loadConfig({ LEVQOR_TRUST_PROXY: 'yes' }), /LEVQOR_TRUST_PROXY: "yes" is not an IP address or CIDR range; use true, false/);
});
