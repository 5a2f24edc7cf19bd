import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';
import { runWorkflow } from './support/workflows.ts';

for (const kind of databaseKinds()) {
  describe(`runs on ${kind}`, () => {
    let levqor: TestLevqor;
    let service: Awaited<ReturnType<typeof startLocalHttp>>;
    let failuresLeft = 0;
    before(async () => {
      levqor = await startTestLevqor(kind);
      service = await startLocalHttp(async (req, res) => {
        if (req.url.startsWith('/flaky') && failuresLeft > 0) {
          failuresLeft--;
          res.statusCode = 503;
          return res.end('try later');
        }
        if (req.url.startsWith('/hang')) return; // never answers
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ path: req.url, got: req.body ? JSON.parse(req.body) : null }));
      });
    });
    after(async () => {
      await levqor?.close();
      await service?.close();
    });

    test('a manual run receives its input as trigger.body and branches to the matching case', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'branching',
        trigger: { type: 'manual' },
        steps: [
          { id: 'route', type: 'branch', with: { cases: [{ when: '{{ trigger.body.priority = "high" }}', goto: 'urgent' }], default: 'normal' } },
          { id: 'urgent', type: 'transform', with: { set: { lane: 'urgent' } }, next: 'end' },
          { id: 'normal', type: 'transform', with: { set: { lane: 'normal' } } },
        ],
      }, { priority: 'high' });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded');
      assert.deepEqual(run.output, { lane: 'urgent' });
      assert.deepEqual(run.steps.map((s: { stepId: string }) => s.stepId), ['route', 'urgent']);
    });

    test('the http step output (status, headers, parsed body) is available to later steps', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'http chain',
        trigger: { type: 'manual' },
        vars: { base: service.url },
        steps: [
          { id: 'call', type: 'http', with: { method: 'POST', url: '{{ vars.base }}/contacts', json: { email: '{{ trigger.body.email }}' } } },
          { id: 'use', type: 'transform', with: { set: { status: '{{ steps.call.status }}', email: '{{ steps.call.body.got.email }}' } } },
        ],
      }, { email: 'a@b.c' });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.deepEqual(run.output, { status: 200, email: 'a@b.c' });
      const sent = service.received.find((r) => r.url === '/contacts');
      assert.equal(sent?.headers['idempotency-key'], `${runId}:call`);
    });

    test('a step retries with backoff on 503 until it succeeds, and attempts are recorded', async () => {
      failuresLeft = 2;
      const { runId } = await runWorkflow(levqor, {
        name: 'flaky',
        trigger: { type: 'manual' },
        steps: [{ id: 'call', type: 'http', with: { url: `${service.url}/flaky/retry` }, retry: { attempts: 4, backoff: 'exponential', initialDelay: '10ms' } }],
      });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded');
      assert.equal(run.steps[0].attempts, 3);
    });

    test('exhausted retries fail the run into the dead-letter state, and retry resumes from the failed step', async () => {
      failuresLeft = 100;
      const { runId } = await runWorkflow(levqor, {
        name: 'dead letter',
        trigger: { type: 'manual' },
        steps: [
          { id: 'first', type: 'http', with: { url: `${service.url}/once` } },
          { id: 'second', type: 'http', with: { url: `${service.url}/flaky/dead` }, retry: { attempts: 2, initialDelay: '5ms' } },
        ],
      });
      const failed = await levqor.waitForRun(runId);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.deadLetter, true);
      assert.equal(failed.error.step, 'second');
      const listed = await levqor.api('GET', '/api/v1/runs?deadLetter=true');
      assert.ok(listed.body.items.some((r: { id: string }) => r.id === runId));

      failuresLeft = 0;
      const firstCalls = service.received.filter((r) => r.url === '/once').length;
      const retried = await levqor.api('POST', `/api/v1/runs/${runId}/retry`);
      assert.equal(retried.status, 202);
      const done = await levqor.waitForRun(runId);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.deadLetter, false);
      assert.equal(service.received.filter((r) => r.url === '/once').length, firstCalls, 'the completed side effect was not repeated');
    });

    test('a delay parks the run in the database as waiting and it resumes after the wake time', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'delay',
        trigger: { type: 'manual' },
        steps: [
          { id: 'before', type: 'transform', with: { set: { at: 'before' } } },
          { id: 'wait', type: 'delay', with: { for: '300ms' } },
          { id: 'afterwards', type: 'transform', with: { set: { previous: '{{ steps.before.at }}' } } },
        ],
      });
      const waiting = await levqor.waitForRun(runId, ['waiting']);
      assert.ok(waiting.wakeAt);
      const done = await levqor.waitForRun(runId);
      assert.equal(done.status, 'succeeded');
      assert.deepEqual(done.output, { previous: 'before' });
    });

    test('for-each runs its steps per item with a concurrency limit and keeps results in item order', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'loop',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'each',
            type: 'for-each',
            with: {
              items: '{{ trigger.body.names }}',
              concurrency: 3,
              steps: [
                { id: 'call', type: 'http', with: { method: 'POST', url: `${service.url}/item`, json: { name: '{{ item }}', index: '{{ index }}' } } },
                { id: 'shape', type: 'transform', with: { set: { name: '{{ $uppercase(item) }}', echoed: '{{ steps.call.body.got.index }}' } } },
              ],
            },
          },
        ],
      }, { names: ['a', 'b', 'c', 'd', 'e'] });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.deepEqual(run.output, ['A', 'B', 'C', 'D', 'E'].map((name, i) => ({ name, echoed: i })));
      assert.ok(run.steps.some((s: { key: string }) => s.key === 'each[4].call'));
    });

    test('cancelling a running run aborts its step', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'hang',
        trigger: { type: 'manual' },
        steps: [{ id: 'call', type: 'http', with: { url: `${service.url}/hang` } }],
      });
      await levqor.waitForRun(runId, ['running']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const cancel = await levqor.api('POST', `/api/v1/runs/${runId}/cancel`);
      assert.equal(cancel.status, 202);
      const run = await levqor.waitForRun(runId, ['cancelled'], 10_000);
      assert.equal(run.error.code, 'cancelled');
      assert.equal((await levqor.api('POST', `/api/v1/runs/${runId}/cancel`)).status, 409);
    });

    test('cancelling a waiting run ends it at once', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'long wait',
        trigger: { type: 'manual' },
        steps: [{ id: 'wait', type: 'delay', with: { for: '1h' } }, { id: 'never', type: 'transform' }],
      });
      await levqor.waitForRun(runId, ['waiting']);
      assert.equal((await levqor.api('POST', `/api/v1/runs/${runId}/cancel`)).status, 202);
      const run = await levqor.waitForRun(runId, ['cancelled']);
      assert.ok(!run.steps.some((s: { stepId: string }) => s.stepId === 'never'));
    });

    test('a step past its timeout fails with step_timeout', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'timeout',
        trigger: { type: 'manual' },
        steps: [{ id: 'call', type: 'http', with: { url: `${service.url}/hang` }, timeout: '150ms' }],
      });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.steps[0].error.code, 'step_timeout');
    });

    test('a run past the workflow timeout fails with run_timeout', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'run timeout',
        trigger: { type: 'manual' },
        timeout: '200ms',
        steps: [{ id: 'call', type: 'http', with: { url: `${service.url}/hang` } }],
      });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'run_timeout');
    });

    test('stop ends the run early with success; onError continue records the failure and goes on', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'stop',
        trigger: { type: 'manual' },
        steps: [
          { id: 'tolerant', type: 'http', with: { url: 'http://127.0.0.1:1/unreachable' }, onError: 'continue' },
          { id: 'halt', type: 'stop', with: { message: 'nothing to do' } },
        ],
      });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded');
      assert.equal(run.steps[0].status, 'failed');
      assert.equal(run.steps[0].error.code, 'network_error');
      assert.deepEqual(run.steps.map((s: { stepId: string }) => s.stepId), ['tolerant', 'halt']);
    });

    test('an expression error fails the run naming the step, field and expression', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'bad expression',
        trigger: { type: 'manual' },
        steps: [{ id: 'calc', type: 'transform', with: { set: { x: '{{ $number("abc") }}' } } }],
      });
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.step, 'calc');
      assert.match(run.error.message, /calc/);
      assert.match(run.error.message, /with\.set/);
    });

    test('paging never skips runs created within the same millisecond as a page boundary', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', { name: 'same ms', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      const workspace = await levqor.workspaces.findBySlug('default');
      const stamps = ['2026-01-01T00:00:00.123456Z', '2026-01-01T00:00:00.123100Z', '2026-01-01T00:00:00.123900Z', '2026-01-01T00:00:00.124000Z'];
      for (const stamp of stamps) {
        await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at)
          values (gen_random_uuid(), ${workspace!.id}::uuid, ${created.body.id}::uuid, 1, 'succeeded', '{}'::jsonb, ${stamp}::timestamptz)`.execute(levqor.database.db);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await levqor.api('GET', `/api/v1/runs?workflowId=${created.body.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((r) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.equal(seen.length, stamps.length);
      assert.equal(new Set(seen).size, stamps.length);
    });

    test('runs list filters by workflow and status, newest first with a cursor', async () => {
      const def = { name: 'listing', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] };
      const created = await levqor.api('POST', '/api/v1/workflows', def);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, {})).body.runId);
      for (const id of ids) await levqor.waitForRun(id);
      const first = await levqor.api('GET', `/api/v1/runs?workflowId=${created.body.id}&status=succeeded&limit=2`);
      assert.equal(first.body.items.length, 2);
      const second = await levqor.api('GET', `/api/v1/runs?workflowId=${created.body.id}&status=succeeded&limit=2&cursor=${first.body.nextCursor}`);
      assert.equal(second.body.items.length, 1);
      assert.equal(second.body.nextCursor, null);
      assert.deepEqual(new Set([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id)), new Set(ids));
    });

    test('runs list filters by a time range: since inclusive, until exclusive; an empty range is refused', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', { name: 'time range', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
      const workspace = await levqor.workspaces.findBySlug('default');
      for (const stamp of ['2025-03-01T10:00:00Z', '2025-03-02T10:00:00Z', '2025-03-03T10:00:00Z']) {
        await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at)
          values (gen_random_uuid(), ${workspace!.id}::uuid, ${created.body.id}::uuid, 1, 'succeeded', '{}'::jsonb, ${stamp}::timestamptz)`.execute(levqor.database.db);
      }
      const listed = async (query: string) => (await levqor.api('GET', `/api/v1/runs?workflowId=${created.body.id}${query}`)).body.items.map((r: { createdAt: string }) => r.createdAt);
      assert.deepEqual(await listed('&since=2025-03-02T10:00:00Z'), ['2025-03-03T10:00:00.000Z', '2025-03-02T10:00:00.000Z']);
      assert.deepEqual(await listed('&until=2025-03-02T10:00:00Z'), ['2025-03-01T10:00:00.000Z']);
      assert.deepEqual(await listed('&since=2025-03-01T12:00:00Z&until=2025-03-03T00:00:00Z'), ['2025-03-02T10:00:00.000Z']);
      const empty = await levqor.api('GET', '/api/v1/runs?since=2025-03-03T00:00:00Z&until=2025-03-01T00:00:00Z');
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error.code, 'invalid_time_range');
      assert.match(empty.body.error.message, /since .* must be earlier than until/);
      const malformed = await levqor.api('GET', '/api/v1/runs?since=yesterday');
      assert.equal(malformed.status, 400);
      assert.match(malformed.body.error.message, /since/);
    });

    test('a run answers with every step field the run page shows', async () => {
      const { runId } = await runWorkflow(levqor, {
        name: 'fields',
        trigger: { type: 'manual' },
        steps: [{ id: 'shape', type: 'transform', with: { set: { n: '{{ trigger.body.n }}' } } }],
      }, { n: 7 });
      const run = await levqor.waitForRun(runId);
      assert.deepEqual(run.trigger.body, { n: 7 });
      assert.deepEqual(run.output, { n: 7 });
      const [step] = run.steps;
      for (const field of ['key', 'stepId', 'type', 'seq', 'status', 'input', 'output', 'attempts', 'next', 'startedAt', 'finishedAt', 'durationMs']) assert.ok(field in step, `step has ${field}`);
      assert.deepEqual(step.output, { n: 7 });
      assert.equal(typeof step.durationMs, 'number');
    });
  });
}
