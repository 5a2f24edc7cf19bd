import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpStep } from '../src/steps/http.ts';
import { createOutboundHttp } from '../src/adapters/outbound-http.ts';
import { StepError } from '../src/engine/errors.ts';
import { closeStepAdapters, runStep, stepError } from './support/step-context.ts';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base: string;
let received: Received[] = [];

// Each path is one server behaviour; `/status/<code>?retryAfter=…` answers that status.
function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const [, kind, arg] = url.pathname.split('/');
  if (kind === 'status') {
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/plain' };
    if (url.searchParams.has('retryAfter')) headers['retry-after'] = url.searchParams.get('retryAfter')!;
    res.writeHead(Number(arg), headers).end(url.searchParams.get('body') ?? `status ${arg}`);
  } else if (kind === 'json') res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true,"n":1}');
  else if (kind === 'json-as-text') res.writeHead(200, { 'content-type': 'text/plain' }).end('{"ok":true}');
  else if (kind === 'big') res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
  else if (kind === 'big-chunked') {
    res.writeHead(200);
    for (let i = 0; i < 5; i++) res.write('y'.repeat(1000));
    res.end();
  } else if (kind === 'redirect') {
    const left = Number(arg);
    res.writeHead(url.searchParams.has('see-other') ? 303 : 302, { location: left > 1 ? `/redirect/${left - 1}` : '/ok' }).end();
  } else if (kind === 'hang') {
    // never answers
  } else res.writeHead(200, { 'content-type': 'text/plain', 'X-Custom': 'yes' }).end('hello');
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      route(req, res, new URL(req.url!, 'http://x'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closeStepAdapters();
});

function last(): Received {
  return received[received.length - 1];
}

test('each HTTP method reaches the server', async () => {
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
    const result = await runStep(httpStep, { method, url: `${base}/ok` });
    assert.equal(last().method, method);
    assert.equal((result.output as { status: number }).status, 200);
  }
});

test('method defaults to GET and is accepted in lower case', async () => {
  await runStep(httpStep, { url: `${base}/ok` });
  assert.equal(last().method, 'GET');
  await runStep(httpStep, { method: 'post', url: `${base}/ok` });
  assert.equal(last().method, 'POST');
});

test('a json body is sent as application/json', async () => {
  await runStep(httpStep, { method: 'POST', url: `${base}/ok`, json: { name: 'Ada', tags: [1, 2] } });
  assert.equal(last().headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(last().body), { name: 'Ada', tags: [1, 2] });
});

test('a form body is sent url-encoded', async () => {
  await runStep(httpStep, { method: 'POST', url: `${base}/ok`, form: { name: 'Ada L', age: 36, vip: true } });
  assert.equal(last().headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(last().body, 'name=Ada+L&age=36&vip=true');
});

test('a text body is sent as text/plain, and a user content-type wins', async () => {
  await runStep(httpStep, { method: 'PUT', url: `${base}/ok`, text: 'hi there' });
  assert.equal(last().headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(last().body, 'hi there');
  await runStep(httpStep, { method: 'PUT', url: `${base}/ok`, text: '<a/>', headers: { 'Content-Type': 'application/xml' } });
  assert.equal(last().headers['content-type'], 'application/xml');
});

test('query parameters are appended to the ones already in the url', async () => {
  await runStep(httpStep, { url: `${base}/ok?a=1`, query: { b: 'two words', c: 3, d: false } });
  assert.equal(last().url, '/ok?a=1&b=two+words&c=3&d=false');
});

test('basic and bearer auth set the Authorization header', async () => {
  await runStep(httpStep, { url: `${base}/ok`, auth: { type: 'basic', username: 'ada', password: 's3cret' } });
  assert.equal(last().headers.authorization, `Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
  await runStep(httpStep, { url: `${base}/ok`, auth: { type: 'bearer', token: 'tok_123' } });
  assert.equal(last().headers.authorization, 'Bearer tok_123');
});

test('the Idempotency-Key header carries the context key unless the user set one', async () => {
  await runStep(httpStep, { method: 'POST', url: `${base}/ok` }, { idempotencyKey: 'run_1:crm' });
  assert.equal(last().headers['idempotency-key'], 'run_1:crm');
  await runStep(httpStep, { method: 'POST', url: `${base}/ok`, headers: { 'idempotency-KEY': 'mine' } }, { idempotencyKey: 'run_1:crm' });
  assert.equal(last().headers['idempotency-key'], 'mine');
});

test('output holds status, lower-case headers and a JSON or text body', async () => {
  const json = await runStep(httpStep, { url: `${base}/json` });
  assert.deepEqual((json.output as { body: unknown }).body, { ok: true, n: 1 });
  const text = await runStep(httpStep, { url: `${base}/ok` });
  const output = text.output as { status: number; headers: Record<string, string>; body: unknown };
  assert.equal(output.status, 200);
  assert.equal(output.headers['x-custom'], 'yes');
  assert.equal(output.body, 'hello');
});

test('responseType forces JSON or text parsing regardless of content-type', async () => {
  const asJson = await runStep(httpStep, { url: `${base}/json-as-text`, responseType: 'json' });
  assert.deepEqual((asJson.output as { body: unknown }).body, { ok: true });
  const asText = await runStep(httpStep, { url: `${base}/json`, responseType: 'text' });
  assert.equal((asText.output as { body: unknown }).body, '{"ok":true,"n":1}');
  const error = await stepError(runStep(httpStep, { url: `${base}/ok`, responseType: 'json' }));
  assert.equal(error.code, 'invalid_json');
});

test('a 500 answer fails the step as retryable', async () => {
  const error = await stepError(runStep(httpStep, { url: `${base}/status/500` }));
  assert.equal(error.code, 'http_status');
  assert.equal(error.retryable, true);
  assert.equal(error.retryAfterMs, undefined);
});

test('a 429 answer with Retry-After in seconds is retryable after that delay', async () => {
  const error = await stepError(runStep(httpStep, { url: `${base}/status/429?retryAfter=30` }));
  assert.equal(error.retryable, true);
  assert.equal(error.retryAfterMs, 30_000);
});

test('a 503 answer with Retry-After as an HTTP date is retryable until that date', async () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const at = new Date(now.getTime() + 120_000).toUTCString();
  const error = await stepError(
    runStep(httpStep, { url: `${base}/status/503?retryAfter=${encodeURIComponent(at)}` }, { clock: { now: () => now } }),
  );
  assert.equal(error.retryable, true);
  assert.equal(error.retryAfterMs, 120_000);
});

test('a 404 answer fails for good with the status and the start of the body in details', async () => {
  const error = await stepError(runStep(httpStep, { url: `${base}/status/404?body=${'n'.repeat(3000)}` }));
  assert.equal(error.code, 'http_status');
  assert.equal(error.retryable, false);
  assert.match(error.message, /404/);
  const details = error.details as { status: number; body: string; bodyTruncated?: boolean };
  assert.equal(details.status, 404);
  assert.equal(details.body.length, 2048);
  assert.equal(details.bodyTruncated, true);
});

test('with failOnStatus false an error status is returned as output', async () => {
  const result = await runStep(httpStep, { url: `${base}/status/502`, failOnStatus: false });
  assert.deepEqual(result.output, { status: 502, headers: (result.output as { headers: object }).headers, body: 'status 502' });
});

test('a response over maxResponseBytes fails for good, declared or streamed', async () => {
  for (const path of ['big', 'big-chunked']) {
    const error = await stepError(runStep(httpStep, { url: `${base}/${path}`, maxResponseBytes: 1024 }));
    assert.equal(error.code, 'response_too_large');
    assert.equal(error.retryable, false);
  }
});

test('a refused connection is a retryable network_error', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const error = await stepError(runStep(httpStep, { url: `http://127.0.0.1:${port}/` }));
  assert.equal(error.code, 'network_error');
  assert.equal(error.retryable, true);
});

test('aborting the signal stops a request the server never answers', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  await assert.rejects(runStep(httpStep, { url: `${base}/hang` }, { signal: controller.signal }), { name: 'AbortError' });
  assert.ok(Date.now() - started < 2000);
});

test('redirects are followed, and a 303 turns a POST into a GET', async () => {
  const result = await runStep(httpStep, { url: `${base}/redirect/3` });
  assert.equal((result.output as { body: unknown }).body, 'hello');
  assert.equal(last().url, '/ok');
  await runStep(httpStep, { method: 'POST', url: `${base}/redirect/1?see-other`, json: { a: 1 } });
  assert.equal(last().method, 'GET');
  assert.equal(last().body, '');
});

test('more than 5 redirects fail with too_many_redirects', async () => {
  const error = await stepError(runStep(httpStep, { url: `${base}/redirect/6` }));
  assert.equal(error.code, 'too_many_redirects');
  assert.equal(error.retryable, false);
});

test('the address check sees every resolved IP and can refuse a connection', async () => {
  const seen: string[] = [];
  const outbound = createOutboundHttp({
    checkAddress(address, family, host) {
      seen.push(`${host}=${address}/${family}`);
      if (host === 'localhost') throw new StepError('address_blocked', `refused ${address}`);
    },
  });
  const request = { method: 'GET', headers: {}, signal: new AbortController().signal, maxResponseBytes: 1024 };
  const port = new URL(base).port;
  assert.equal((await outbound.request({ ...request, url: `${base}/ok` })).status, 200);
  await assert.rejects(outbound.request({ ...request, url: `http://localhost:${port}/ok` }), { code: 'address_blocked' });
  await assert.rejects(outbound.request({ ...request, url: 'ftp://127.0.0.1/file' }), { code: 'invalid_url' });
  assert.ok(seen.includes('127.0.0.1=127.0.0.1/4'));
  assert.ok(seen.some((s) => s.startsWith('localhost=')));
  await outbound.close();
});

test('the schema rejects two bodies at once and unknown keys, with clear messages', () => {
  const both = httpStep.schema.safeParse({ url: 'https://example.test', json: {}, text: 'x' });
  assert.equal(both.success, false);
  assert.match(both.error!.issues.map((i) => i.message).join('\n'), /only one of json, form or text/);
  const unknown = httpStep.schema.safeParse({ url: 'https://example.test', bdy: 'x' });
  assert.equal(unknown.success, false);
  assert.match(unknown.error!.issues[0].message, /bdy/);
  const scheme = httpStep.schema.safeParse({ url: 'file:///etc/passwd' });
  assert.equal(scheme.success, false);
  assert.match(scheme.error!.issues[0].message, /http/);
  assert.equal(httpStep.schema.safeParse({ url: 'https://example.test', method: 'FETCH' }).success, false);
});
