import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackStep } from '../src/steps/slack.ts';
import { closeStepAdapters, runStep, stepError } from './support/step-context.ts';

let server: http.Server;
let base: string;
let posted: { path: string; contentType?: string; payload: unknown }[] = [];

// Answers like an incoming webhook: `/hook` → 200 "ok"; `/fail/<status>` → that status with an error text.
before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posted.push({ path: req.url!, contentType: req.headers['content-type'], payload: JSON.parse(Buffer.concat(chunks).toString()) });
      const [, kind, status] = req.url!.split('/');
      if (kind === 'fail') {
        const headers: http.OutgoingHttpHeaders = status === '429' ? { 'retry-after': '7' } : {};
        res.writeHead(Number(status), headers).end(status === '404' ? 'no_service' : 'try later');
      } else res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeStepAdapters();
});

test('a message is posted as JSON to the webhook and reports ok', async () => {
  posted = [];
  const result = await runStep(slackStep, {
    webhookUrl: `${base}/hook`,
    text: 'New lead: Ada',
    username: 'Levqor',
    iconEmoji: ':rocket:',
    channel: '#sales',
  });
  assert.deepEqual(result.output, { ok: true, status: 200 });
  assert.equal(posted[0].contentType, 'application/json');
  assert.deepEqual(posted[0].payload, { text: 'New lead: Ada', username: 'Levqor', icon_emoji: ':rocket:', channel: '#sales' });
});

test('blocks may replace text', async () => {
  posted = [];
  const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hi*' } }];
  await runStep(slackStep, { webhookUrl: `${base}/hook`, blocks });
  assert.deepEqual(posted[0].payload, { blocks });
});

test('a 404 answer fails for good with the webhook error text', async () => {
  const error = await stepError(runStep(slackStep, { webhookUrl: `${base}/fail/404`, text: 'x' }));
  assert.equal(error.retryable, false);
  assert.match(error.message, /404: no_service/);
  assert.equal((error.details as { status: number }).status, 404);
});

test('5xx and 429 answers are retryable, honouring Retry-After', async () => {
  const serverError = await stepError(runStep(slackStep, { webhookUrl: `${base}/fail/503`, text: 'x' }));
  assert.equal(serverError.retryable, true);
  const limited = await stepError(runStep(slackStep, { webhookUrl: `${base}/fail/429`, text: 'x' }));
  assert.equal(limited.retryable, true);
  assert.equal(limited.retryAfterMs, 7000);
});

test('the schema needs a webhook URL and text or blocks, and refuses unknown keys', () => {
  const missing = slackStep.schema.safeParse({ webhookUrl: 'https://hooks.example.test/T1' });
  assert.equal(missing.success, false);
  assert.deepEqual(missing.error!.issues[0].path, ['text']);
  assert.equal(slackStep.schema.safeParse({ text: 'hi' }).success, false);
  assert.equal(slackStep.schema.safeParse({ webhookUrl: 'mailto:a@b.test', text: 'hi' }).success, false);
  const unknown = slackStep.schema.safeParse({ webhookUrl: 'https://hooks.example.test/T1', text: 'hi', emoji: ':x:' });
  assert.equal(unknown.success, false);
  assert.match(unknown.error!.issues[0].message, /emoji/);
});
