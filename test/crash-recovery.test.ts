import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { spawnLevqor, type LevqorProcess } from './support/levqor-process.ts';
import { startLocalHttp } from './support/local-http.ts';
import { TEST_MASTER_KEY } from './support/test-levqor.ts';

const KEY = 'lvq_live_crash_test_key_0123456789abcdef';

/** A service whose `/slow` holds the first request until released; later ones answer at once. */
async function startService() {
  let holdFirst = true;
  let releaseHeld: (() => void) | undefined;
  let slowArrived: (() => void) | undefined;
  const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
  const service = await startLocalHttp(async (req, res) => {
    if (req.url.startsWith('/slow') && holdFirst) {
      holdFirst = false;
      slowArrived!();
      await new Promise<void>((resolve) => (releaseHeld = resolve));
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, url: req.url }));
  });
  return { ...service, arrived, release: () => releaseHeld?.(), hits: (path: string) => service.received.filter((r) => r.url === path).length };
}

function definition(base: string) {
  return {
    name: 'crash me',
    trigger: { type: 'manual' },
    steps: [
      { id: 'first', type: 'http', with: { method: 'POST', url: `${base}/first` } },
      { id: 'slow', type: 'http', with: { method: 'POST', url: `${base}/slow` } },
      { id: 'last', type: 'http', with: { method: 'POST', url: `${base}/last` } },
    ],
  };
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const kind of databaseKinds()) {
  describe(`crash recovery with real processes on ${kind}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    async function environment(): Promise<{ env: Record<string, string>; database?: TestDatabase }> {
      const base = { LEVQOR_BOOTSTRAP_API_KEY: KEY, LEVQOR_MASTER_KEY: TEST_MASTER_KEY, LEVQOR_LEASE_MS: '1000', LEVQOR_POLL_MS: '50', LEVQOR_OUTBOUND_ALLOW: '127.0.0.1' };
      if (kind === 'postgres') {
        const database = await createTestDatabase('postgres');
        cleanups.push(() => database.dispose());
        return { env: { ...base, DATABASE_URL: (database.target as { url: string }).url }, database };
      }
      const dir = mkdtempSync(join(tmpdir(), 'levqor-crash-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return { env: { ...base, LEVQOR_DATA_DIR: dir } };
    }

    test('a SIGKILLed worker\'s run is finished by the next one without repeating completed steps', async () => {
      const service = await startService();
      cleanups.push(() => service.close());
      const { env } = await environment();
      const a = await spawnLevqor(['start'], env);
      cleanups.push(() => void a.child.kill('SIGKILL'));
      const created = await call(a.url!, 'POST', '/api/v1/workflows', definition(service.url));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { runId } = (await call(a.url!, 'POST', `/api/v1/workflows/${created.body.id}/run`, {})).body;
      await service.arrived;
      a.child.kill('SIGKILL');
      await a.exited;

      const b = await spawnLevqor(['start'], env);
      cleanups.push(() => void b.child.kill('SIGKILL'));
      const run = await waitFor('the run to finish', async () => {
        const { body } = await call(b.url!, 'GET', `/api/v1/runs/${runId}`);
        return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
      });
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.equal(service.hits('/first'), 1, 'the step completed before the kill ran once');
      assert.equal(service.hits('/slow'), 2, 'the interrupted step ran again');
      assert.equal(service.hits('/last'), 1);
      assert.equal(run.attempts, 2);
      b.child.kill('SIGTERM');
      assert.equal(await b.exited, 0, b.output());
    });

    if (kind === 'postgres') {
      test('SIGTERM hands a running run back to the queue with its completed steps, without waiting for its lease', async () => {
        const service = await startService();
        cleanups.push(() => service.close());
        const { env, database } = await environment();
        const a = await spawnLevqor(['start'], env);
        cleanups.push(() => void a.child.kill('SIGKILL'));
        const created = await call(a.url!, 'POST', '/api/v1/workflows', definition(service.url));
        const { runId } = (await call(a.url!, 'POST', `/api/v1/workflows/${created.body.id}/run`, {})).body;
        await service.arrived;
        a.child.kill('SIGTERM');
        assert.equal(await a.exited, 0, a.output());
        const client = new pg.Client({ connectionString: (database!.target as { url: string }).url });
        await client.connect();
        cleanups.push(() => client.end());
        const run = (await client.query('select status, lease_token from runs where id = $1', [runId])).rows[0];
        assert.equal(run.status, 'queued');
        assert.equal(run.lease_token, null);
        const steps = (await client.query('select key from run_steps where run_id = $1', [runId])).rows.map((r) => r.key);
        assert.deepEqual(steps, ['first']);
        service.release();
      });

      test('a worker frozen with SIGSTOP past its lease cannot write when it wakes', async () => {
        const service = await startService();
        cleanups.push(() => service.close());
        const { env, database } = await environment();
        const a = await spawnLevqor(['start'], env);
        cleanups.push(() => void a.child.kill('SIGKILL'));
        const created = await call(a.url!, 'POST', '/api/v1/workflows', definition(service.url));
        const { runId } = (await call(a.url!, 'POST', `/api/v1/workflows/${created.body.id}/run`, {})).body;
        await service.arrived;
        a.child.kill('SIGSTOP');

        const b: LevqorProcess = await spawnLevqor(['worker'], env);
        cleanups.push(() => void b.child.kill('SIGKILL'));
        const client = new pg.Client({ connectionString: (database!.target as { url: string }).url });
        await client.connect();
        cleanups.push(() => client.end());
        const status = async () => (await client.query('select status, claims, lease_owner from runs where id = $1', [runId])).rows[0];
        await waitFor('worker B to finish the run', async () => ((await status()).status === 'succeeded' ? true : undefined));
        const finishedSteps = (await client.query('select key, attempts, finished_at from run_steps where run_id = $1 order by seq', [runId])).rows;

        service.release();
        a.child.kill('SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal(service.hits('/last'), 1, 'the woken worker did not go on to the next step');
        assert.equal(service.hits('/first'), 1);
        assert.equal((await status()).status, 'succeeded');
        const afterWake = (await client.query('select key, attempts, finished_at from run_steps where run_id = $1 order by seq', [runId])).rows;
        assert.deepEqual(afterWake, finishedSteps, 'the woken worker wrote nothing');
        a.child.kill('SIGTERM');
        b.child.kill('SIGTERM');
        await Promise.all([a.exited, b.exited]);
      });
    }
  });
}
