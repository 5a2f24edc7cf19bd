import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';

const YAML_DEFINITION = `
name: New lead to CRM
trigger:
  type: webhook
  path: new-lead
  respond: sync
steps:
  - id: clean
    type: transform
    with:
      set: { email: "{{ $lowercase(trigger.body.email) }}", name: "{{ trigger.body.name }}" }
  - id: reply
    type: respond
    with: { status: 200, body: { ok: true, email: "{{ steps.clean.email }}" } }
`;

for (const kind of databaseKinds()) {
  describe(`workflows API on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind, { env: { LEVQOR_METRICS_TOKEN: METRICS_TOKEN } });
    });
    after(async () => levqor?.close());

    test('a YAML definition posted as the body creates version 1 and keeps the original text', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', YAML_DEFINITION, { 'content-type': 'application/yaml' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.version, 1);
      assert.equal(created.body.name, 'New lead to CRM');
      assert.equal(created.body.active, false);
      assert.match(created.body.hookUrl, /\/hooks\/default\/new-lead$/);
      const version = await levqor.api('GET', `/api/v1/workflows/${created.body.id}/versions/1`);
      assert.equal(version.status, 200);
      assert.equal(version.body.source, YAML_DEFINITION);
      assert.equal(version.body.definition.trigger.respond, 'sync');
    });

    test('an invalid definition answers 422 with every error and its path', async () => {
      const response = await levqor.api('POST', '/api/v1/workflows', {
        name: 'broken',
        trigger: { type: 'manual' },
        steps: [
          { id: 'a', type: 'http', with: {} },
          { id: 'b', type: 'branch', with: { cases: [{ when: '{{ true }}', goto: 'crm2' }] } },
          { id: 'c', type: 'nope' },
        ],
      });
      assert.equal(response.status, 422);
      assert.equal(response.body.error.code, 'validation_failed');
      const paths = response.body.error.details.map((d: { path: string }) => d.path);
      assert.ok(paths.includes('steps[0].with.url'), paths.join(', '));
      assert.ok(paths.some((p: string) => p.startsWith('steps[1].with.cases[0].goto')), paths.join(', '));
      assert.ok(paths.includes('steps[2].type'), paths.join(', '));
    });

    test('saving again creates a new immutable version and lists versions newest first', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', { name: 'v', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform', with: { set: { v: 1 } } }] });
      const updated = await levqor.api('PUT', `/api/v1/workflows/${created.body.id}`, { name: 'v2', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform', with: { set: { v: 2 } } }] });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.version, 2);
      const versions = await levqor.api('GET', `/api/v1/workflows/${created.body.id}/versions`);
      assert.deepEqual(versions.body.items.map((v: { version: number }) => v.version), [2, 1]);
      const first = await levqor.api('GET', `/api/v1/workflows/${created.body.id}/versions/1`);
      assert.equal(first.body.definition.steps[0].with.set.v, 1);
    });

    test('two live workflows cannot listen on the same webhook path', async () => {
      const def = { name: 'p', trigger: { type: 'webhook', path: 'same-path' }, steps: [{ id: 's', type: 'transform' }] };
      assert.equal((await levqor.api('POST', '/api/v1/workflows', def)).status, 201);
      const second = await levqor.api('POST', '/api/v1/workflows', def);
      assert.equal(second.status, 409);
      assert.equal(second.body.error.code, 'hook_path_taken');
    });

    test('list paginates with a cursor, newest first', async () => {
      for (let i = 0; i < 3; i++) {
        await levqor.api('POST', '/api/v1/workflows', { name: `page ${i}`, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      }
      const first = await levqor.api('GET', '/api/v1/workflows?limit=2');
      assert.equal(first.body.items.length, 2);
      assert.ok(first.body.nextCursor);
      const second = await levqor.api('GET', `/api/v1/workflows?limit=2&cursor=${first.body.nextCursor}`);
      const ids = new Set([...first.body.items, ...second.body.items].map((w: { id: string }) => w.id));
      assert.equal(ids.size, first.body.items.length + second.body.items.length);
      assert.ok(new Date(first.body.items[1].createdAt) >= new Date(second.body.items[0].createdAt));
    });

    test('deleted workflows answer 404 and free their hook path', async () => {
      const def = { name: 'd', trigger: { type: 'webhook', path: 'to-delete' }, steps: [{ id: 's', type: 'transform' }] };
      const created = await levqor.api('POST', '/api/v1/workflows', def);
      assert.equal((await levqor.api('DELETE', `/api/v1/workflows/${created.body.id}`)).status, 204);
      assert.equal((await levqor.api('GET', `/api/v1/workflows/${created.body.id}`)).status, 404);
      assert.equal((await levqor.api('POST', '/api/v1/workflows', def)).status, 201);
    });

    test('requests without a valid API key answer 401 with the error shape', async () => {
      const missing = await levqor.server!.inject({ method: 'GET', url: '/api/v1/workflows' });
      assert.equal(missing.statusCode, 401);
      assert.equal(JSON.parse(missing.body).error.code, 'unauthorized');
      const wrong = await levqor.api('GET', '/api/v1/workflows', undefined, { authorization: 'Bearer lvq_live_wrong' });
      assert.equal(wrong.status, 401);
    });

    test('an unknown workflow id answers 404 and a malformed one 400', async () => {
      assert.equal((await levqor.api('GET', '/api/v1/workflows/00000000-0000-4000-8000-000000000000')).status, 404);
      const bad = await levqor.api('GET', '/api/v1/workflows/not-a-uuid');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'validation_failed');
    });

    test('health, readiness, metrics and the OpenAPI document are served', async () => {
      assert.equal((await levqor.server!.inject({ url: '/healthz' })).statusCode, 200);
      assert.equal((await levqor.server!.inject({ url: '/readyz' })).statusCode, 200);
      const metrics = await levqor.server!.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.match(metrics.body, /levqor_queue_depth/);
      const openapi = JSON.parse((await levqor.server!.inject({ url: '/docs/json' })).body);
      assert.ok(openapi.paths['/api/v1/workflows']);
      assert.ok(openapi.paths['/api/v1/runs/{id}']);
    });

    test('the list searches by name and gives each workflow its last run and recent success rate', async () => {
      const failing = await levqor.api('POST', '/api/v1/workflows', { name: 'Stats Invoice sync', trigger: { type: 'manual' }, steps: [{ id: 'check', type: 'transform', with: { set: { x: '{{ $number(trigger.body.n) }}' } } }] });
      const idle = await levqor.api('POST', '/api/v1/workflows', { name: 'Stats idle', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      for (const n of ['1', '2', 'not a number']) {
        const started = await levqor.api('POST', `/api/v1/workflows/${failing.body.id}/run`, { n });
        await levqor.waitForRun(started.body.runId);
      }
      const found = await levqor.api('GET', '/api/v1/workflows?q=invoice SYNC');
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.items.map((w: { id: string }) => w.id), [failing.body.id]);
      const [item] = found.body.items;
      assert.equal(item.lastRunStatus, 'failed');
      assert.equal(item.finishedRuns, 3);
      assert.equal(item.successRate, 2 / 3);
      assert.ok(new Date(item.lastRunAt) <= new Date());
      assert.equal(item.hookUrl, null);
      const both = await levqor.api('GET', '/api/v1/workflows?q=stats');
      const never = both.body.items.find((w: { id: string }) => w.id === idle.body.id);
      assert.deepEqual([never.lastRunAt, never.lastRunStatus, never.successRate, never.finishedRuns], [null, null, null, 0]);
      assert.equal((await levqor.api('GET', '/api/v1/workflows?q=no such name')).body.items.length, 0);
    });

    test('activate and deactivate answer the workflow with its new state', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', { name: 'toggle', trigger: { type: 'webhook', path: 'toggle-me' }, steps: [{ id: 's', type: 'transform' }] });
      const on = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`);
      assert.equal(on.status, 200);
      assert.equal(on.body.active, true);
      assert.match(on.body.hookUrl, /\/hooks\/default\/toggle-me$/);
      const off = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/deactivate`);
      assert.equal(off.body.active, false);
      const detail = await levqor.api('GET', `/api/v1/workflows/${created.body.id}`);
      assert.equal(detail.body.definition.trigger.path, 'toggle-me');
      assert.equal(detail.body.triggerType, 'webhook');
    });
  });
}
