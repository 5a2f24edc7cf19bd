import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/* Webhook and form answers are tenant content on our origin: sandboxed, without cookies, redirects only when declared. */

const TENANT_POLICY = "sandbox; frame-ancestors 'none'";
const STEAL_KEY = `<script>fetch('/api/v1/api-keys',{method:'POST',headers:{'x-csrf-token':document.cookie.match(/levqor_csrf=([^;]+)/)[1]}})</script>`;

const syncHook = (path: string, respond: Record<string, unknown>) => ({
  name: `hook ${path}`,
  trigger: { type: 'webhook', path, respond: 'sync', methods: ['POST', 'GET'] },
  steps: [{ id: 'reply', type: 'respond', with: respond }],
});

for (const kind of databaseKinds()) {
  describe(`tenant responses on ${kind}`, () => {
    let levqor: TestLevqor;
    const activate = async (definition: unknown) => {
      const created = await levqor.api('POST', '/api/v1/workflows', definition);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
      return created.body.id as string;
    };
    const hook = (path: string, headers: Record<string, string> = {}) => levqor.server!.inject({ method: 'POST', url: `/hooks/default/${path}`, payload: '{}', headers: { 'content-type': 'application/json', ...headers } });
    const refusal = async (respond: Record<string, unknown>) => {
      const saved = await levqor.api('POST', '/api/v1/workflows', syncHook('refused', respond));
      assert.equal(saved.status, 422, JSON.stringify(saved.body));
      return saved.body.error.message as string;
    };
    before(async () => {
      levqor = await startTestLevqor(kind);
    });
    after(async () => levqor?.close());

    test('an HTML answer with a script is served sandboxed, with nosniff and no framing', async () => {
      await activate(syncHook('page', { headers: { 'content-type': 'text/html' }, body: `<html><body>${STEAL_KEY}</body></html>` }));
      const response = await hook('page');
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['content-security-policy'], TENANT_POLICY);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['x-frame-options'], 'DENY');
    });

    test('a form page is sandboxed too, but its form may be submitted', async () => {
      await activate({ name: 'form', trigger: { type: 'form', path: 'contact', fields: [{ name: 'email', type: 'email' }] }, steps: [{ id: 's', type: 'transform' }] });
      const page = await levqor.server!.inject({ url: '/hooks/default/contact' });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['content-security-policy'], "sandbox allow-forms; frame-ancestors 'none'");
      const missing = await levqor.server!.inject({ url: '/hooks/default/no-such-hook' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.headers['content-security-policy'], TENANT_POLICY);
    });

    test('saving refuses cookies, a Location header and a 3xx status without a declared redirect, naming the field', async () => {
      assert.match(await refusal({ headers: { 'Set-Cookie': 'levqor_session=x; Path=/api' } }), /steps\[0\]\.with\.headers\["Set-Cookie"\]: a respond step cannot set cookies/);
      assert.match(await refusal({ headers: { location: 'https://evil.example/' } }), /steps\[0\]\.with\.headers\.location: a Location header is not allowed; to redirect the caller, declare the target with `redirect: <url>`/);
      assert.match(await refusal({ status: 302 }), /steps\[0\]\.with\.status: status 302 redirects; declare the target with `redirect: <url>`/);
      assert.match(await refusal({ redirect: 'https://shop.example/thanks', status: 200 }), /steps\[0\]\.with\.status: with `redirect` the status must be 301, 302, 303, 307, 308/);
      assert.match(await refusal({ headers: { 'x-a': 'a\r\nset-cookie: levqor_session=x' } }), /steps\[0\]\.with\.headers\["x-a"\]: the value holds a line break/);
      assert.match(await refusal({ headers: { 'bad name': 'v' } }), /steps\[0\]\.with\.headers\["bad name"\]: not a valid header name/);
      assert.match(await refusal({ redirect: 'javascript:alert(1)' }), /steps\[0\]\.with\.redirect: must be an http:\/\/ or https:\/\/ URL/);
    });

    test('a declared redirect answers 302 (or the status given) with its Location', async () => {
      await activate(syncHook('thanks', { redirect: 'https://shop.example/thanks?from={{ trigger.method }}' }));
      const response = await hook('thanks');
      assert.equal(response.statusCode, 302, response.body);
      assert.equal(response.headers.location, 'https://shop.example/thanks?from=POST');
      await activate(syncHook('moved', { redirect: 'https://shop.example/new', status: 303 }));
      assert.equal((await hook('moved')).statusCode, 303);
    });

    test('cookies or a Location computed at run time fail the step instead of reaching the caller', async () => {
      await activate(syncHook('computed', { headers: "{{ {'set-cookie': 'levqor_session=stolen; Path=/api', 'x-ok': 'yes'} }}" }));
      const response = await hook('computed');
      assert.equal(response.statusCode, 500, response.body);
      assert.equal(response.headers['set-cookie'], undefined);
      assert.match(JSON.parse(response.body).error.message, /a respond step cannot set cookies/);
      // The line break comes from the expression (a JSONata escape), so only run time can see it.
      await activate(syncHook('split', { headers: "{{ {'x-a': 'a\\r\\nset-cookie: x'} }}" }));
      const split = await hook('split');
      assert.equal(split.statusCode, 500, split.body);
      assert.match(JSON.parse(split.body).error.message, /line break/);
      assert.equal(split.headers['content-security-policy'], TENANT_POLICY);
    });

    test('hop-by-hop, length and security headers from a respond step are dropped; the server computes its own', async () => {
      await activate(syncHook('hop', {
        headers: {
          connection: 'close', 'keep-alive': 'timeout=1', 'transfer-encoding': 'chunked', upgrade: 'websocket', te: 'trailers', trailer: 'x-late',
          'proxy-authenticate': 'Basic', 'content-length': '1', 'content-security-policy': 'default-src *', 'x-frame-options': 'ALLOWALL', 'x-kept': 'yes',
        },
        body: 'hello there',
      }));
      const response = await hook('hop');
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.body, 'hello there');
      assert.equal(response.headers['x-kept'], 'yes');
      for (const name of ['transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate']) assert.equal(response.headers[name], undefined, name);
      // Node keeps the connection alive with its own values.
      assert.notEqual(response.headers.connection, 'close');
      assert.notEqual(response.headers['keep-alive'], 'timeout=1');
      assert.equal(response.headers['content-length'], String('hello there'.length));
      assert.equal(response.headers['content-security-policy'], TENANT_POLICY);
      assert.equal(response.headers['x-frame-options'], 'DENY');
    });

    test('an answer stored before these checks, replayed for a repeated Idempotency-Key, loses its cookie, undeclared Location and unsendable headers', async () => {
      await activate(syncHook('replay', { body: { ok: true } }));
      const first = await hook('replay', { 'idempotency-key': 'replay-1' });
      assert.equal(first.statusCode, 200, first.body);
      const runId = first.headers['levqor-run-id'] as string;
      await levqor.waitForRun(runId);
      const stored = { status: 302, headers: { 'set-cookie': 'levqor_session=x; Path=/api', location: 'https://evil.example/', 'x-split': 'a\r\nset-cookie: y', 'x-kept': 'yes' }, body: null };
      await levqor.database.db.updateTable('runs').set({ response: JSON.stringify(stored) }).where('id', '=', runId).execute();
      const repeat = await hook('replay', { 'idempotency-key': 'replay-1' });
      assert.equal(repeat.headers['levqor-run-id'], runId);
      assert.equal(repeat.headers['x-kept'], 'yes');
      assert.equal(repeat.headers['set-cookie'], undefined);
      assert.equal(repeat.headers.location, undefined);
      assert.equal(repeat.headers['x-split'], undefined);
      assert.equal(repeat.headers['content-security-policy'], TENANT_POLICY);
    });
  });
}
