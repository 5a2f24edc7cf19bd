import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { spawnLevqor } from './support/levqor-process.ts';
import { startTestLevqor, TEST_API_KEY, TEST_MASTER_KEY, type TestLevqor } from './support/test-levqor.ts';

/**
 * The three ways one tenant froze the whole server — a backtracking regex, a date picture, a loop in a
 * loop — now end in a clear failure of that tenant's run while /healthz keeps answering at once.
 */
const REGEX = '$match($pad("", 200, "a"), /(?=a)a*a*a*a*b/)';
const DATE_PICTURE = '$toMillis($join($map([1..60], function($i){"one"}), " ") & "x", "[Yw][Mw][Dw][Hw][mw]")';

function nestedLoops(outer: number, inner: number, concurrency: number) {
  return {
    name: `loops ${outer}x${inner}`,
    trigger: { type: 'webhook', path: `loops-${outer}-${inner}-${concurrency}` },
    steps: [
      {
        id: 'outer',
        type: 'for-each',
        with: {
          items: `{{ [1..${outer}] }}`,
          concurrency,
          steps: [{ id: 'inner', type: 'for-each', with: { items: `{{ [1..${inner}] }}`, concurrency, steps: [{ id: 'cell', type: 'transform', with: { set: { v: '{{ item * 2 }}', text: 'cell' } } }] } }],
        },
      },
    ],
  };
}

/** Polls /healthz over real HTTP while `work` runs; resolves with the slowest answer (ms). */
async function slowestHealthCheck(url: string, work: () => Promise<unknown>): Promise<number> {
  // The first fetch of a process loads the HTTP client and opens the connection: not the server's time.
  await (await fetch(`${url}/healthz`)).arrayBuffer();
  let slowest = 0;
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await poll;
  }
  return slowest;
}

/**
 * Asserts /healthz never waited on the work: a blocked event loop (seconds, before the sandbox and the
 * run budget) fails at once. The goal itself — every answer under 100 ms — is measured on a quiet
 * machine by `npm run bench` (bench/freeze.ts); here, on a CI box busy with a browser test beside this
 * one, the bound is 250 ms over what the machine gives with nothing running (measured just before).
 */
async function assertHealthStaysFast(url: string, work: () => Promise<unknown>): Promise<void> {
  const idle = await slowestHealthCheck(url, () => new Promise((resolve) => setTimeout(resolve, 1000)));
  const slowest = await slowestHealthCheck(url, work);
  assert.ok(slowest < 250 + idle, `/healthz took ${Math.round(slowest)} ms while it ran (${Math.round(idle)} ms at idle)`);
}

for (const kind of databaseKinds()) {
  describe(`run budgets and the sandbox on ${kind}`, () => {
    let levqor: TestLevqor;
    let url: string;
    before(async () => {
      levqor = await startTestLevqor(kind, { listen: true, env: { LEVQOR_RUN_MAX_STEPS: '1500', LEVQOR_RUN_MAX_LANES: '20', LEVQOR_RUN_MAX_OUTPUT_MB: '4', HOST: '127.0.0.1' } });
      url = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
    });
    after(async () => levqor?.close());

    const create = async (definition: unknown) => {
      const created = await levqor.api('POST', '/api/v1/workflows', definition);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
      return created.body.id as string;
    };

    for (const [name, source] of [['a backtracking regex', REGEX], ['a date picture', DATE_PICTURE]] as const) {
      test(`${name} in a sync webhook fails its run with the time limit named, and /healthz stays fast`, async () => {
        const path = `freeze-${name.replace(/\W+/g, '-')}`;
        await create({
          name,
          trigger: { type: 'webhook', path, respond: 'sync' },
          steps: [
            { id: 'compute', type: 'transform', with: { set: { v: `{{ ${source} }}` } } },
            { id: 'reply', type: 'respond', with: { status: 200, body: '{{ steps.compute }}' } },
          ],
        });
        let answer: Response | undefined;
        await assertHealthStaysFast(url, async () => {
          answer = await fetch(`${url}/hooks/default/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        });
        const body = await answer!.json();
        assert.equal(answer!.status, 500, JSON.stringify(body));
        const run = await levqor.waitForRun(answer!.headers.get('levqor-run-id')!);
        assert.equal(run.status, 'failed');
        assert.equal(run.error.code, 'expression_failed');
        assert.equal(run.error.step, 'compute');
        assert.match(run.error.message, /field with\.set\.v: expression .* failed: exceeded time limit of 1000 ms \(the evaluation was stopped\)$/);
      });
    }

    test('a loop of 1000 in a loop of 1000 (concurrency 50 each) ends at the step budget, not retried, and /healthz stays fast', async () => {
      const workflowId = await create(nestedLoops(1000, 1000, 50));
      let runId = '';
      const runLoop = async () => {
        const response = await fetch(`${url}/hooks/default/loops-1000-1000-50`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        assert.equal(response.status, 202);
        runId = ((await response.json()) as { runId: string }).runId;
        // Polled through the run list: the run's own page carries its thousands of steps.
        for (let status = 'queued'; !['succeeded', 'failed'].includes(status); await new Promise((r) => setTimeout(r, 100))) {
          status = (await levqor.api('GET', `/api/v1/runs?workflowId=${workflowId}&limit=1`)).body.items[0]?.status ?? 'queued';
        }
      };
      await assertHealthStaysFast(url, runLoop);
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'run_budget_exceeded');
      assert.match(run.error.message, /exceeded its budget of 1500 step executions .* LEVQOR_RUN_MAX_STEPS/);
      assert.equal(run.deadLetter ?? false, false);
    });

    test('for-each lanes are shared across the run: nested loops never run more than the run\'s lanes at once', async () => {
      let running = 0;
      let most = 0;
      const slow = {
        name: 'lanes',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'outer',
            type: 'for-each',
            with: {
              items: '{{ [1..6] }}',
              concurrency: 10,
              steps: [{ id: 'inner', type: 'for-each', with: { items: '{{ [1..10] }}', concurrency: 10, steps: [{ id: 'wait', type: 'http', with: { url: '{{ trigger.body.url }}' } }] } }],
            },
          },
        ],
      };
      const { startLocalHttp } = await import('./support/local-http.ts');
      const target = await startLocalHttp(async (_request, response) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running--;
        response.end('{}');
      });
      try {
        const created = await levqor.api('POST', '/api/v1/workflows', slow);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const started = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, { url: target.url });
        const run = await levqor.waitForRun(started.body.runId, undefined, 30_000);
        assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
        assert.ok(most <= 20, `${most} steps ran at once; the run has 20 lanes`);
        assert.ok(most > 10, `only ${most} steps ran at once: the loops did not use the run's lanes`);
      } finally {
        await target.close();
      }
    });

    test('a run whose outputs grow past the output budget fails naming the budget', async () => {
      const id = await create({
        name: 'big outputs',
        trigger: { type: 'webhook', path: 'big-outputs' },
        steps: [{ id: 'grow', type: 'for-each', with: { items: '{{ [1..20] }}', steps: [{ id: 'blob', type: 'transform', with: { set: { text: '{{ $pad("", 500000, "x") }}' } } }] } }],
      });
      assert.ok(id);
      const response = await fetch(`${url}/hooks/default/big-outputs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const run = await levqor.waitForRun(((await response.json()) as { runId: string }).runId, undefined, 60_000);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'run_budget_exceeded');
      assert.match(run.error.message, /budget of 4 MiB of step outputs; .* LEVQOR_RUN_MAX_OUTPUT_MB/);
    });

    test('an expression returning the run\'s own data gives the step a copy: the run succeeds, nothing refers back to itself', async () => {
      // In-process, `$.steps` was the very object that then held the step's output: a cycle that could
      // not be written, retried until dead-lettered.
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'own data',
        trigger: { type: 'manual' },
        steps: [
          { id: 'first', type: 'transform', with: { set: { v: 1 } } },
          { id: 'all', type: 'transform', with: { set: { steps: '{{ $.steps }}' } } },
          { id: 'again', type: 'transform', with: { set: { v: '{{ steps.all.steps.first.v }}', seen: '{{ $keys(steps.all.steps) }}' } } },
        ],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const started = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, { hello: 'x' });
      const run = await levqor.waitForRun(started.body.runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.deepEqual(run.steps[2].output, { v: 1, seen: 'first' });
      assert.deepEqual(run.steps[1].output.steps, { first: { v: 1 } });
    });
  });
}

test('SIGTERM ends `levqor start` within the shutdown timeout while a loop of 1000 in a loop of 1000 runs', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'levqor-sigterm-'));
  const levqor = await spawnLevqor(['start'], {
    LEVQOR_DATA_DIR: dataDir,
    LEVQOR_BOOTSTRAP_API_KEY: TEST_API_KEY,
    LEVQOR_MASTER_KEY: TEST_MASTER_KEY,
    LEVQOR_SHUTDOWN_TIMEOUT_MS: '3000',
    LEVQOR_PLAN_LIMITS: 'off',
  }, 60_000);
  try {
    const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' };
    const created = await fetch(`${levqor.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(nestedLoops(1000, 1000, 50)) });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const started = await fetch(`${levqor.url}/api/v1/workflows/${id}/run`, { method: 'POST', headers, body: '{}' });
    assert.equal(started.status, 202);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const signalled = performance.now();
    levqor.child.kill('SIGTERM');
    const code = await Promise.race([levqor.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 8000))]);
    assert.notEqual(code, 'still running', `levqor start did not exit after SIGTERM:\n${levqor.output()}`);
    assert.ok(performance.now() - signalled < 8000);
  } finally {
    levqor.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
