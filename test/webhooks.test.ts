import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

async function activeWorkflow(levqor: TestLevqor, definition: unknown): Promise<string> {
  const created = await levqor.api('POST', '/api/v1/workflows', definition);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
  return created.body.id;
}

const hook = (levqor: TestLevqor, path: string, body?: unknown, headers: Record<string, string> = {}, method = 'POST') =>
  levqor.server!.inject({
    method: method as 'POST',
    url: `/hooks/default/${path}`,
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: { ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
  });

for (const kind of databaseKinds()) {
  describe(`webhook triggers on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind, { env: { LEVQOR_WEBHOOK_BODY_LIMIT: '2048' } });
      await activeWorkflow(levqor, {
        name: 'sync lead',
        trigger: { type: 'webhook', path: 'lead', respond: 'sync', methods: ['POST', 'GET'] },
        steps: [
          { id: 'clean', type: 'transform', with: { set: { email: '{{ $lowercase(trigger.body.email) }}', qty: '{{ trigger.body.qty * 2 }}' } } },
          { id: 'reply', type: 'respond', with: { status: 201, headers: { 'x-lead': 'yes' }, body: { email: '{{ steps.clean.email }}', qty: '{{ steps.clean.qty }}' } } },
        ],
      });
      await activeWorkflow(levqor, {
        name: 'async echo',
        trigger: { type: 'webhook', path: 'async/echo' },
        steps: [{ id: 'echo', type: 'transform', with: { set: { body: '{{ trigger.body }}', method: '{{ trigger.method }}' } } }],
      });
    });
    after(async () => levqor?.close());

    test('a sync webhook answers with the respond step and records the run and its steps', async () => {
      const response = await hook(levqor, 'lead', { email: 'Ada@Example.COM', qty: 4 });
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.headers['x-lead'], 'yes');
      assert.deepEqual(JSON.parse(response.body), { email: 'ada@example.com', qty: 8 });
      const runId = response.headers['levqor-run-id'] as string;
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded');
      assert.deepEqual(run.steps.map((s: { stepId: string }) => s.stepId), ['clean', 'reply']);
      assert.equal(run.steps[0].output.email, 'ada@example.com');
      assert.equal(run.trigger.body.email, 'Ada@Example.COM');
    });

    test('an async webhook answers 202 with a run id only after the run is committed', async () => {
      const response = await hook(levqor, 'async/echo', { hello: 'world' });
      assert.equal(response.statusCode, 202);
      const { runId } = JSON.parse(response.body);
      const detail = await levqor.api('GET', `/api/v1/runs/${runId}`);
      assert.equal(detail.status, 200, 'the run exists as soon as the 202 is sent');
      const run = await levqor.waitForRun(runId);
      assert.deepEqual(run.output, { body: { hello: 'world' }, method: 'POST' });
    });

    test('form-urlencoded and text bodies reach the workflow', async () => {
      const form = await hook(levqor, 'async/echo', 'a=1&b=two&b=three', { 'content-type': 'application/x-www-form-urlencoded' });
      const formRun = await levqor.waitForRun(JSON.parse(form.body).runId);
      assert.deepEqual(formRun.output.body, { a: '1', b: ['two', 'three'] });
      const text = await hook(levqor, 'async/echo', 'plain words', { 'content-type': 'text/plain' });
      const textRun = await levqor.waitForRun(JSON.parse(text.body).runId);
      assert.equal(textRun.output.body, 'plain words');
    });

    test('a repeated Idempotency-Key maps to the same run', async () => {
      const first = await hook(levqor, 'async/echo', { n: 1 }, { 'idempotency-key': 'order-77' });
      const second = await hook(levqor, 'async/echo', { n: 2 }, { 'idempotency-key': 'order-77' });
      assert.equal(JSON.parse(first.body).runId, JSON.parse(second.body).runId);
      const syncFirst = await hook(levqor, 'lead', { email: 'X@Y.Z', qty: 1 }, { 'idempotency-key': 'sync-1' });
      const syncSecond = await hook(levqor, 'lead', { email: 'other@y.z', qty: 5 }, { 'idempotency-key': 'sync-1' });
      assert.equal(syncFirst.headers['levqor-run-id'], syncSecond.headers['levqor-run-id']);
      assert.deepEqual(JSON.parse(syncSecond.body), { email: 'x@y.z', qty: 2 });
    });

    test('a body over the limit answers 413 with a clear message and starts no run', async () => {
      const before = (await levqor.api('GET', '/api/v1/runs?limit=200')).body.items.length;
      const response = await hook(levqor, 'async/echo', { big: 'x'.repeat(4096) });
      assert.equal(response.statusCode, 413);
      assert.match(JSON.parse(response.body).error.message, /larger than the limit of 2048 bytes/);
      assert.equal((await levqor.api('GET', '/api/v1/runs?limit=200')).body.items.length, before);
    });

    test('unknown and inactive paths answer 404; a method the workflow does not allow answers 405', async () => {
      assert.equal((await hook(levqor, 'nothing-here', {})).statusCode, 404);
      const created = await levqor.api('POST', '/api/v1/workflows', { name: 'inactive', trigger: { type: 'webhook', path: 'sleeping' }, steps: [{ id: 's', type: 'transform' }] });
      assert.equal(created.status, 201);
      const inactive = await hook(levqor, 'sleeping', {});
      assert.equal(inactive.statusCode, 404);
      assert.equal(JSON.parse(inactive.body).error.code, 'hook_not_found');
      assert.equal((await hook(levqor, 'async/echo', undefined, {}, 'GET')).statusCode, 405);
      assert.equal((await hook(levqor, 'lead', undefined, {}, 'GET')).statusCode, 201);
    });

    test('a sync webhook that does not answer in time gets 504 and the run keeps going', async () => {
      const slow = await startLocalHttp(async (_req, res) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        res.end('{"late":true}');
      });
      try {
        await activeWorkflow(levqor, {
          name: 'slow',
          trigger: { type: 'webhook', path: 'slow', respond: 'sync', timeout: '100ms' },
          steps: [{ id: 'call', type: 'http', with: { url: slow.url } }, { id: 'reply', type: 'respond', with: { body: 'done' } }],
        });
        const response = await hook(levqor, 'slow', {});
        assert.equal(response.statusCode, 504);
        assert.equal(JSON.parse(response.body).error.code, 'sync_timeout');
        const run = await levqor.waitForRun(response.headers['levqor-run-id'] as string);
        assert.equal(run.status, 'succeeded');
      } finally {
        await slow.close();
      }
    });

    test('a sync webhook arriving while runs are being handed back answers 503 saying nothing was done', async () => {
      const closing = await startTestLevqor(kind);
      try {
        await activeWorkflow(closing, { name: 'closing', trigger: { type: 'webhook', path: 'closing', respond: 'sync' }, steps: [{ id: 'r', type: 'respond', with: { body: 'hi' } }] });
        await closing.runner.shutdown();
        const response = await hook(closing, 'closing', {});
        assert.equal(response.statusCode, 503);
        assert.equal(JSON.parse(response.body).error.code, 'run_not_started');
        assert.equal((await closing.api('GET', '/api/v1/runs')).body.items.length, 0);
      } finally {
        await closing.close();
      }
    });

    test('a sync run that fails answers 500 naming the step', async () => {
      await activeWorkflow(levqor, {
        name: 'fails',
        trigger: { type: 'webhook', path: 'fails', respond: 'sync' },
        steps: [{ id: 'boom', type: 'fail', with: { message: 'no lead today' } }],
      });
      const response = await hook(levqor, 'fails', {});
      assert.equal(response.statusCode, 500);
      const body = JSON.parse(response.body);
      assert.equal(body.error.code, 'run_failed');
      assert.match(body.error.message, /step "boom".*no lead today/);
    });
  });
}
