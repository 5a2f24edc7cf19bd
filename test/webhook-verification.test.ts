import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import { createCliDatabase, type CliDatabase } from './support/cli-database.ts';
import { databaseKinds } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const SECRETS = { STRIPE_SIGNING: 'whsec_test_0123456789', GH_SECRET: 'gh-secret', SHOP_SECRET: 'shop-secret', SLACK_SECRET: 'slack-secret', HOOK_TOKEN: 'token-value-42', HOOK_PASSWORD: 'pa:ss word' };

const echo = [{ id: 'echo', type: 'transform', with: { set: { body: '{{ trigger.body }}' } } }];
const flow = (path: string, verify: unknown) => ({ name: `verified ${path}`, trigger: { type: 'webhook', path, verify }, steps: echo });

type Hook = { status: number; body: any; headers: Record<string, unknown> };
function post(levqor: TestLevqor, path: string, payload: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1'): Promise<Hook> {
  return levqor.server!.inject({ method: 'POST', url: `/hooks/default/${path}`, payload, remoteAddress, headers: { 'content-type': 'application/json', ...headers } }).then((r) => ({ status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, headers: r.headers }));
}
const hex = (algorithm: string, secret: string, data: string) => createHmac(algorithm, secret).update(data).digest('hex');
const now = () => Math.floor(Date.now() / 1000);

for (const kind of databaseKinds()) {
  describe(`webhook verification on ${kind}`, () => {
    let levqor: TestLevqor;
    const ids: Record<string, string> = {};
    const refusals = async (name: string) => (await levqor.api('GET', `/api/v1/workflows/${ids[name]}/webhook-refusals`)).body.items;
    const runCount = async (name: string) => (await levqor.api('GET', `/api/v1/runs?workflowId=${ids[name]}&limit=100`)).body.items.length;

    before(async () => {
      levqor = await startTestLevqor(kind);
      for (const [name, value] of Object.entries(SECRETS)) assert.equal((await levqor.api('PUT', `/api/v1/secrets/${name}`, { value })).status < 300, true);
      const flows: Record<string, unknown> = {
        stripe: flow('stripe', { hmac: { preset: 'stripe', secret: 'STRIPE_SIGNING' } }),
        github: flow('github', { hmac: { preset: 'github', secret: 'GH_SECRET' } }),
        shopify: flow('shopify', { hmac: { preset: 'shopify', secret: 'SHOP_SECRET' } }),
        slack: flow('slack', { hmac: { preset: 'slack', secret: 'SLACK_SECRET' } }),
        custom: flow('custom', { hmac: { secret: 'HOOK_TOKEN', algorithm: 'sha512', header: 'X-Sig', encoding: 'base64', prefix: 'v9=', payload: '{timestamp}|{body}', timestampHeader: 'X-Sig-Time', tolerance: '30s' } }),
        token: flow('token', { header: { name: 'X-Hook-Token', secret: 'HOOK_TOKEN' }, ips: ['10.0.0.0/8', '2001:db8::/32'] }),
        basic: flow('basic', { basic: { username: 'sender', password: 'HOOK_PASSWORD' } }),
        unset: flow('unset', { header: { name: 'X-Hook-Token', secret: 'NEVER_CREATED' } }),
      };
      for (const [name, definition] of Object.entries(flows)) {
        const created = await levqor.api('POST', '/api/v1/workflows', definition);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        ids[name] = created.body.id;
        assert.equal((await levqor.api('POST', `/api/v1/workflows/${ids[name]}/activate`)).status, 200);
      }
    });
    after(async () => levqor?.close());

    test('a forged payment event is refused with a generic 401, starts no run, and the workspace sees why', async () => {
      const event = JSON.stringify({ type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } });
      const unsigned = await post(levqor, 'stripe', event);
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.body.error.code, 'webhook_unverified');
      assert.doesNotMatch(unsigned.body.error.message, /stripe|signature|header/i, 'the answer does not say which check failed');
      assert.equal(unsigned.headers['levqor-run-id'], undefined);
      const forged = await post(levqor, 'stripe', event, { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: event, secret: 'whsec_guessed' }) }, '198.51.100.7');
      assert.equal(forged.status, 401);
      assert.equal(await runCount('stripe'), 0);
      const [latest, first] = await refusals('stripe');
      assert.equal(latest.reason, 'signature_mismatch');
      assert.equal(latest.header, 'stripe-signature');
      assert.equal(latest.source_ip, '198.51.100.7');
      assert.equal(first.reason, 'missing_header');
      assert.doesNotMatch(JSON.stringify(await refusals('stripe')), /payment_intent|whsec/, 'neither the body nor a secret is recorded');
    });

    test('Stripe: a genuine event over the exact raw bytes starts a run; a stale or altered one is refused', async () => {
      // Spacing a re-serialisation would lose: the signature covers the bytes as sent.
      const event = '{ "type":  "payment_intent.succeeded",\n  "amount": 1200 }';
      const header = Stripe.webhooks.generateTestHeaderString({ payload: event, secret: SECRETS.STRIPE_SIGNING });
      const ok = await post(levqor, 'stripe', event, { 'stripe-signature': header });
      assert.equal(ok.status, 202, JSON.stringify(ok.body));
      assert.deepEqual((await levqor.waitForRun(ok.body.runId)).output.body, { type: 'payment_intent.succeeded', amount: 1200 });
      const altered = await post(levqor, 'stripe', event.replace('1200', '1'), { 'stripe-signature': header });
      assert.equal(altered.status, 401);
      const stale = Stripe.webhooks.generateTestHeaderString({ payload: event, secret: SECRETS.STRIPE_SIGNING, timestamp: now() - 301 });
      assert.equal((await post(levqor, 'stripe', event, { 'stripe-signature': stale })).status, 401);
      assert.deepEqual((await refusals('stripe')).slice(0, 2).map((r: { reason: string }) => r.reason), ['timestamp_outside_tolerance', 'signature_mismatch']);
      assert.equal(await runCount('stripe'), 1);
    });

    test('GitHub, Shopify and Slack signatures, each by its provider\'s scheme', async () => {
      const body = '{"action":"opened","number":7}';
      assert.equal((await post(levqor, 'github', body, { 'x-hub-signature-256': `sha256=${hex('sha256', SECRETS.GH_SECRET, body)}` })).status, 202);
      assert.equal((await post(levqor, 'github', body, { 'x-hub-signature-256': hex('sha256', SECRETS.GH_SECRET, body) })).status, 401, 'the sha256= prefix is part of the scheme');
      assert.equal((await post(levqor, 'github', body, { 'x-hub-signature-256': `sha256=${hex('sha256', SECRETS.GH_SECRET, body).toUpperCase()}` })).status, 202, 'hex is read in either case');
      const shopify = createHmac('sha256', SECRETS.SHOP_SECRET).update(body).digest('base64');
      assert.equal((await post(levqor, 'shopify', body, { 'x-shopify-hmac-sha256': shopify })).status, 202);
      assert.equal((await post(levqor, 'shopify', `${body} `, { 'x-shopify-hmac-sha256': shopify })).status, 401);
      const ts = String(now());
      const slack = (t: string) => ({ 'x-slack-request-timestamp': t, 'x-slack-signature': `v0=${hex('sha256', SECRETS.SLACK_SECRET, `v0:${t}:${body}`)}` });
      assert.equal((await post(levqor, 'slack', body, slack(ts))).status, 202);
      assert.equal((await post(levqor, 'slack', body, slack(String(now() - 6 * 60)))).status, 401);
      assert.equal((await post(levqor, 'slack', body, { 'x-slack-signature': slack(ts)['x-slack-signature'] })).status, 401);
      assert.deepEqual((await refusals('slack')).map((r: { reason: string; header: string }) => `${r.reason}:${r.header}`), ['missing_header:x-slack-request-timestamp', 'timestamp_outside_tolerance:x-slack-request-timestamp']);
      assert.deepEqual((await refusals('github')).map((r: { reason: string }) => r.reason), ['malformed_header']);
    });

    test('a custom HMAC: algorithm, encoding, prefix, signed payload with timestamp and its tolerance', async () => {
      const body = 'a=1&b=2';
      const sign = (t: string, b = body) => ({ 'x-sig-time': t, 'x-sig': `v9=${createHmac('sha512', SECRETS.HOOK_TOKEN).update(`${t}|${b}`).digest('base64')}`, 'content-type': 'application/x-www-form-urlencoded' });
      const ok = await post(levqor, 'custom', body, sign(String(now())));
      assert.equal(ok.status, 202, JSON.stringify(ok.body));
      assert.deepEqual((await levqor.waitForRun(ok.body.runId)).output.body, { a: '1', b: '2' });
      assert.equal((await post(levqor, 'custom', body, sign(String(now() - 40)))).status, 401, 'outside the 30s tolerance');
      assert.equal((await refusals('custom'))[0].reason, 'timestamp_outside_tolerance');
    });

    test('a shared token header and an IP allow-list, IPv4 and IPv6', async () => {
      const token = { 'x-hook-token': SECRETS.HOOK_TOKEN };
      assert.equal((await post(levqor, 'token', '{}', token, '10.2.3.4')).status, 202);
      assert.equal((await post(levqor, 'token', '{}', token, '2001:db8::5')).status, 202);
      assert.equal((await post(levqor, 'token', '{}', token, '192.0.2.1')).status, 401);
      assert.equal((await post(levqor, 'token', '{}', { 'x-hook-token': 'token-value-43' }, '10.2.3.4')).status, 401);
      assert.deepEqual((await refusals('token')).map((r: { reason: string; source_ip: string }) => `${r.reason}@${r.source_ip}`), ['token_mismatch@10.2.3.4', 'ip_not_allowed@192.0.2.1']);
    });

    test('basic auth, and a secret the workspace lacks refuses rather than lets through', async () => {
      const basic = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
      const ok = await post(levqor, 'basic', '{"x":1}', basic('sender', SECRETS.HOOK_PASSWORD));
      assert.equal(ok.status, 202);
      assert.equal((await levqor.waitForRun(ok.body.runId)).trigger.headers.authorization, undefined, 'credentials are not stored with the run');
      assert.equal((await post(levqor, 'basic', '{}', basic('sender', 'wrong'))).status, 401);
      assert.equal((await post(levqor, 'basic', '{}', basic('other', SECRETS.HOOK_PASSWORD))).status, 401);
      assert.equal((await post(levqor, 'unset', '{}', { 'x-hook-token': '' })).status, 401);
      assert.equal((await refusals('unset'))[0].reason, 'secret_missing');
      assert.equal(await runCount('unset'), 0);
    });

    test('the refusals list keeps the last 100 and answers 404 for an unknown workflow', async () => {
      for (let i = 0; i < 103; i++) await post(levqor, 'github', '{}', {}, `203.0.113.${i}`);
      const items = await refusals('github');
      assert.equal(items.length, 100);
      assert.equal(items[0].source_ip, '203.0.113.102');
      assert.equal(items[99].source_ip, '203.0.113.3');
      const unknown = await levqor.api('GET', '/api/v1/workflows/00000000-0000-4000-8000-000000000000/webhook-refusals');
      assert.equal(unknown.status, 404);
    });

    test('the Stripe template asks for its signing secret at install, and a secret mapping reaches the verify block', async () => {
      const install = (body: unknown) => levqor.api('POST', '/api/v1/templates/payment-thank-you-crm-note/install', body);
      const vars = { crmUrl: 'https://crm.example.com' };
      assert.equal((await levqor.api('PUT', '/api/v1/secrets/CRM_TOKEN', { value: 'crm' })).status < 300, true);
      const missing = await install({ vars, path: 'pay-a' });
      assert.deepEqual([missing.status, missing.body.error.code], [422, 'missing_secrets']);
      assert.deepEqual(missing.body.error.details.map((d: { name: string }) => d.name), ['STRIPE_WEBHOOK_SIGNING_SECRET']);
      const mapped = await install({ vars, path: 'pay-b', secrets: { STRIPE_WEBHOOK_SIGNING_SECRET: 'STRIPE_SIGNING' } });
      assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
      assert.deepEqual(mapped.body.definition.trigger.verify, { hmac: { preset: 'stripe', secret: 'STRIPE_SIGNING' } });
    });

    test('save-time validation names the path: unknown preset, missing secret, bad CIDR, preset with overrides', async () => {
      const bad = await levqor.api('POST', '/api/v1/workflows', flow('bad', {
        hmac: { preset: 'paypal' },
        ips: ['10.0.0.0/33', 'not-an-ip'],
        header: { name: 'X-Token', secret: 'lower_case_value' },
      }));
      assert.equal(bad.status, 422);
      const paths = Object.fromEntries(bad.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
      assert.match(paths['trigger.verify.hmac.preset'], /stripe.*github.*shopify.*slack/);
      assert.equal(paths['trigger.verify.hmac.secret'], 'required');
      assert.match(paths['trigger.verify.ips[0]'], /prefix length must be 0 to 32/);
      assert.match(paths['trigger.verify.ips[1]'], /not an IP address or CIDR range/);
      assert.match(paths['trigger.verify.header.secret'], /must name a workspace secret/);
      const overridden = await levqor.api('POST', '/api/v1/workflows', flow('bad2', { hmac: { preset: 'github', secret: 'GH_SECRET', header: 'X-Other' } }));
      assert.equal(overridden.status, 422);
      assert.match(JSON.stringify(overridden.body.error.details), /trigger\.verify\.hmac\.header.*set by preset \\"github\\"/);
      const empty = await levqor.api('POST', '/api/v1/workflows', flow('bad3', {}));
      assert.match(JSON.stringify(empty.body.error.details), /trigger\.verify.*at least one of header, hmac, basic or ips/);
    });
  });
}

describe('levqor workflow refusals', () => {
  let cliDb: CliDatabase;
  let workflowId: string;

  before(async () => {
    cliDb = await createCliDatabase('levqor-refusals-cli-');
    const levqor = await startTestLevqor(cliDb.database.name, { database: cliDb.database });
    await levqor.api('PUT', '/api/v1/secrets/GH_SECRET', { value: 'gh' });
    const created = await levqor.api('POST', '/api/v1/workflows', flow('gh', { hmac: { preset: 'github', secret: 'GH_SECRET' } }));
    workflowId = created.body.id;
    await levqor.api('POST', `/api/v1/workflows/${workflowId}/activate`);
    assert.equal((await post(levqor, 'gh', '{}', { 'x-hub-signature-256': 'sha256=00' }, '198.51.100.9')).status, 401);
    // The embedded database serves one process: the CLI opens it after the server stops.
    await levqor.close();
  });
  after(async () => cliDb?.dispose());

  test('prints the refusals as text and JSON', async () => {
    const text = await runCli(['workflow', 'refusals', workflowId], cliDb.env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /signature_mismatch \(x-hub-signature-256\) {2}POST from 198\.51\.100\.9 {2}v1/);
    const json = await runCli(['workflow', 'refusals', workflowId, '--json'], cliDb.env);
    assert.equal(JSON.parse(json.stdout)[0].reason, 'signature_mismatch');
    const wrong = await runCli(['workflow', 'refusals', 'nope'], cliDb.env);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /give one workflow id/);
  });
});
