import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from './support/databases.ts';
import { spawnLevqor, type LevqorProcess } from './support/levqor-process.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTcpProxy } from './support/tcp-proxy.ts';
import { TEST_MASTER_KEY } from './support/test-levqor.ts';

const KEY = 'lvq_live_outage_test_key_0123456789abcdef';

/** The Levqor processes under test: a request that finds none answering shows why they ended. */
const running: LevqorProcess[] = [];

async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const ended = running.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    throw new Error(`${url}: ${(error as Error).message}${ended.map((p) => `\na Levqor process ended:\n${p.output().slice(-3000)}`).join('')}`);
  }
}

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await request(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function assertAlive(process: LevqorProcess, name: string): void {
  assert.equal(process.child.exitCode, null, `${name} exited during the outage:\n${process.output()}`);
  assert.equal(process.child.signalCode, null, `${name} was killed during the outage:\n${process.output()}`);
}

/**
 * PostgreSQL only: a database restart as its clients see it. Levqor reaches PostgreSQL through a TCP
 * proxy; the test terminates its backends (57P01, the error a restart sends), some of them idle inside
 * a transaction, then cuts every connection and refuses new ones for a while, with runs in flight.
 * A set but unreachable TEST_DATABASE_URL fails here (createTestDatabase throws) rather than skipping.
 */
describe('a PostgreSQL restart under load', { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL is not set' }, () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('levqor start and levqor worker stay up, /readyz says 503 during the outage and 200 after, every run completes once', async () => {
    const database = await createTestDatabase('postgres');
    cleanups.push(() => database.dispose());
    const directUrl = new URL((database.target as { url: string }).url);
    const proxy = await startTcpProxy({ host: directUrl.hostname, port: Number(directUrl.port || 5432) });
    cleanups.push(() => proxy.close());
    const proxiedUrl = new URL(directUrl);
    proxiedUrl.host = `${proxy.host}:${proxy.port}`;
    const admin = new pg.Client({ connectionString: directUrl.toString() });
    await admin.connect();
    cleanups.push(() => admin.end());

    // Each side effect answers after a pause, so runs are mid-way when the connections go.
    const service = await startLocalHttp(async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, req.url.startsWith('/sync') ? 500 : 30));
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    cleanups.push(() => service.close());

    const env = {
      DATABASE_URL: proxiedUrl.toString(),
      LEVQOR_BOOTSTRAP_API_KEY: KEY,
      LEVQOR_MASTER_KEY: TEST_MASTER_KEY,
      LEVQOR_LEASE_MS: '2000',
      LEVQOR_POLL_MS: '50',
      LEVQOR_OUTBOUND_ALLOW: '127.0.0.1',
    };
    const api = await spawnLevqor(['start'], env, 30_000, { fromSource: true });
    cleanups.push(() => void api.child.kill('SIGKILL'));
    const worker = await spawnLevqor(['worker'], env, 30_000, { fromSource: true });
    cleanups.push(() => void worker.child.kill('SIGKILL'));
    running.push(api, worker);
    const url = api.url!;

    const created = await call(url, 'POST', '/api/v1/workflows', {
      name: 'two side effects',
      trigger: { type: 'manual' },
      steps: [
        { id: 'a', type: 'http', with: { method: 'POST', url: `${service.url}/a`, query: { run: '{{ run.id }}' } } },
        { id: 'b', type: 'http', with: { method: 'POST', url: `${service.url}/b`, query: { run: '{{ run.id }}' } } },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // A client that gets 503 retries with the same Idempotency-Key, so each submission is one run.
    const accepted: string[] = [];
    let submissions = 0;
    let refusals = 0;
    const submitOne = async (key: string): Promise<string> => {
      for (;;) {
        const answer = await call(url, 'POST', `/api/v1/workflows/${created.body.id}/run`, { key }, { 'idempotency-key': key });
        if (answer.status === 202) return answer.body.runId;
        assert.equal(answer.status, 503, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, 'database_unavailable');
        refusals++;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const submit = async (count: number) => {
      const ids = await Promise.all(Array.from({ length: count }, () => submitOne(`submission-${++submissions}`)));
      accepted.push(...ids);
    };

    await submit(60);
    await waitFor('side effects to start', async () => (service.received.length >= 10 ? true : undefined));

    // A restart terminates every backend, including ones a process holds between statements of a transaction.
    const backends = (condition: string) => admin.query<{ pid: number }>(
      `select pg_terminate_backend(pid) as terminated, pid from pg_stat_activity where datname = $1 and application_name = 'levqor' and ${condition}`,
      [directUrl.pathname.slice(1)],
    );
    let inTransaction = 0;
    const hunt = Date.now() + 10_000;
    const load = submit(60);
    while (inTransaction < 3 && Date.now() < hunt) inTransaction += (await backends(`state = 'idle in transaction'`)).rowCount ?? 0;
    await load;
    assert.ok(inTransaction > 0, 'a backend was terminated inside a transaction');

    const hook = await call(url, 'POST', '/api/v1/workflows', {
      name: 'answers while the database goes',
      trigger: { type: 'webhook', path: 'outage-sync', respond: 'sync' },
      steps: [
        { id: 'call', type: 'http', with: { method: 'POST', url: `${service.url}/sync` } },
        { id: 'answer', type: 'respond', with: { body: { ok: true } } },
      ],
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    assert.equal((await call(url, 'POST', `/api/v1/workflows/${hook.body.id}/activate`)).status, 200);
    await submit(40);
    // Synchronous webhooks in flight when the connections go get an answer: theirs, or 503.
    const syncCalls = Promise.all(Array.from({ length: 10 }, async () => {
      const answer = await request(`${url}/hooks/default/outage-sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return `${answer.status} ${await answer.text()}`;
    }));
    await waitFor('the synchronous runs to be at their side effect', async () => (service.received.filter((r) => r.url.startsWith('/sync')).length === 10 ? true : undefined));
    await backends('true');
    await proxy.cut();
    const refused = await call(url, 'POST', `/api/v1/workflows/${created.body.id}/run`, { key: 'during' });
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'database_unavailable');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'the 503 says when to retry');
    const notReady = await request(`${url}/readyz`);
    assert.equal(notReady.status, 503);
    const reason = (await notReady.json()) as { error: { code: string; message: string } };
    assert.equal(reason.error.code, 'database_unavailable');
    assert.match(reason.error.message, /database/);
    assert.equal((await request(`${url}/healthz`)).status, 200, 'the process itself is up');
    const syncAnswers = await syncCalls;
    for (const answer of syncAnswers) assert.match(answer, /^(200|503) /);
    const duringOutage = submit(10);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assertAlive(api, 'levqor start');
    assertAlive(worker, 'levqor worker');
    assert.equal((await request(`${url}/readyz`)).status, 503);

    await proxy.restore();
    await waitFor('/readyz to answer 200 again', async () => ((await request(`${url}/readyz`)).status === 200 ? true : undefined), 30_000);
    await submit(40);
    await duringOutage;
    assert.ok(refusals > 0, 'submissions during the outage were refused with 503 and retried');

    const total = accepted.length;
    assert.equal(new Set(accepted).size, submissions, 'each submission is one run, retried or not');
    await waitFor('every run to succeed', async () => {
      const { rows } = await admin.query<{ succeeded: number }>(`select count(*) filter (where status = 'succeeded')::int as succeeded from runs where workflow_id = $1`, [created.body.id]);
      return rows[0].succeeded === total ? true : undefined;
    }, 90_000);
    await waitFor('the synchronous runs that were interrupted to be finished by a worker', async () => {
      const { rows } = await admin.query(`select id from runs where workflow_id = $1 and status <> 'succeeded'`, [hook.body.id]);
      return rows.length === 0 ? true : undefined;
    });
    const { rows: runs } = await admin.query<{ id: string; status: string }>('select id, status from runs where workflow_id = $1', [created.body.id]);
    assert.equal(runs.length, total, 'no run was stored twice, none was lost');
    assert.deepEqual(new Set(runs.map((r) => r.id)), new Set(accepted));
    for (const step of ['/a', '/b']) {
      const reached = new Set(service.received.filter((r) => r.url.startsWith(`${step}?`)).map((r) => new URL(r.url, 'http://x').searchParams.get('run')));
      assert.equal(accepted.filter((id) => !reached.has(id)).length, 0, `every run made its ${step} call`);
    }
    const keys = new Set(service.received.filter((r) => !r.url.startsWith('/sync')).map((r) => r.headers['idempotency-key']));
    assert.equal(keys.size, total * 2, 'a repeated call carries the same idempotency key');

    // A host that takes connections and never answers (a failover under way): the readiness check and
    // requests still get their answer, 503, once the connection attempt gives up, rather than hanging.
    await proxy.blackhole();
    let silentReason = '';
    for (let attempt = 0; attempt < 3 && !/timeout/.test(silentReason); attempt++) {
      const answer = await request(`${url}/readyz`);
      assert.equal(answer.status, 503);
      silentReason = ((await answer.json()) as { error: { message: string } }).error.message;
    }
    assert.match(silentReason, /timeout/);
    const stalled = await call(url, 'GET', '/api/v1/workflows');
    assert.equal(stalled.status, 503, JSON.stringify(stalled.body));
    await proxy.restore();
    await waitFor('/readyz to answer 200 after the silent outage', async () => ((await request(`${url}/readyz`)).status === 200 ? true : undefined), 30_000);

    assertAlive(api, 'levqor start');
    assertAlive(worker, 'levqor worker');
    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    assert.equal(await api.exited, 0, api.output());
    assert.equal(await worker.exited, 0, worker.output());
  });
});
