import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, TEST_API_KEY, type TestLevqor } from './support/test-levqor.ts';

/* Every answer carries the security headers: app routes, errors, 404s, the API reference and hooks. */

const APP_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

function assertCommonHeaders(headers: Record<string, unknown>, what: string): void {
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['referrer-policy'], 'no-referrer', what);
}

for (const kind of databaseKinds()) {
  describe(`security headers on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind);
    });
    after(async () => levqor?.close());

    test('app routes, errors and 404s send a strict policy without inline script, nosniff, no framing and no referrer', async () => {
      const requests = [
        { what: 'health', url: '/healthz', status: 200 },
        { what: 'web app', url: '/', status: 200 },
        { what: 'web app page', url: '/runs/123', status: 200 },
        { what: 'API call', url: '/api/v1/workflows', status: 200, headers: { authorization: `Bearer ${TEST_API_KEY}` } },
        { what: 'unauthenticated', url: '/api/v1/workflows', status: 401 },
        { what: 'missing asset', url: '/assets/no-such-file.js', status: 404 },
        { what: 'unknown API route', url: '/api/v1/nothing-here', status: 404, headers: { authorization: `Bearer ${TEST_API_KEY}` } },
        { what: 'malformed JSON', url: '/api/v1/workflows', method: 'POST', payload: '{', status: 400, headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' } },
      ];
      for (const r of requests) {
        const response = await levqor.server!.inject({ method: (r.method ?? 'GET') as 'GET', url: r.url, payload: r.payload, headers: r.headers });
        assert.equal(response.statusCode, r.status, `${r.what}: ${response.body}`);
        assert.equal(response.headers['content-security-policy'], APP_POLICY, r.what);
        assertCommonHeaders(response.headers, r.what);
      }
    });

    test('the API reference gets its own policy, and everything its page loads is a same-origin file that policy admits', async () => {
      const page = await levqor.server!.inject({ url: '/docs' });
      assert.equal(page.statusCode, 200);
      const policy = String(page.headers['content-security-policy']);
      assert.match(policy, /script-src 'self';/);
      assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
      assertCommonHeaders(page.headers, '/docs');
      // script-src 'self' and style-src 'self' admit no inline code: the page must have none.
      assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/);
      assert.doesNotMatch(page.body, /<style|\sstyle=|\son[a-z]+=/i);
      const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), assets.join(' '));
      // nosniff refuses a script or style sheet served with another type, so each must carry its own.
      const expectedType = { js: /^(application|text)\/javascript/, css: /^text\/css/, png: /^image\/png/ } as const;
      for (const asset of assets) {
        assert.ok(asset.startsWith('/docs/'), `${asset} is on our origin`);
        const response = await levqor.server!.inject({ url: asset });
        assert.equal(response.statusCode, 200, asset);
        assert.match(String(response.headers['content-type']), expectedType[asset.split('.').at(-1) as keyof typeof expectedType], asset);
        assertCommonHeaders(response.headers, asset);
      }
      const spec = await levqor.server!.inject({ url: '/docs/json' });
      assert.equal(spec.statusCode, 200);
      assert.equal(spec.headers['content-security-policy'], policy);
    });

    test('anything that reaches the hook routes is sandboxed, however its path is spelled', async () => {
      for (const url of ['/hooks/default/nothing', '/%68ooks/default/nothing']) {
        const response = await levqor.server!.inject({ url });
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.headers['content-security-policy'], "sandbox; frame-ancestors 'none'", url);
        assertCommonHeaders(response.headers, url);
      }
    });
  });
}
