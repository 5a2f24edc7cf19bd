import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds } from './support/databases.ts';
import { spawnLevqor } from './support/levqor-process.ts';
import { startTestLevqor, TEST_API_KEY, TEST_MASTER_KEY, type TestLevqor } from './support/test-levqor.ts';

/*
 * Load defers work, it does not drop it. First as a new user met it: a fresh `levqor start` with the
 * shipped limits beside two CPU-burning processes. Then with the load tier driven by its real input: the
 * event loop of the process kept busy (synchronous work, as a CPU-bound neighbour or a slow machine
 * would) for a sustained period, measured by the monitor's own timer. There, thresholds are low and
 * samples short so the test needs about a second of it; no assertion is about time.
 */

const SAMPLE_MS = 50;
const RISE_SAMPLES = 4;
const LIMITS = {
  // The API limits are not under test: polling runs must not spend the trial key's allowance.
  keyByPlan: { trial: 1_000_000 },
  classes: { global: [1_000_000, 1_000_000, 1_000_000, 1_000_000] },
  // Once Critical, the tier stays there for the rest of the test.
  load: { sampleMs: SAMPLE_MS, eventLoopDelayMs: [40, 80, 150], riseSamples: RISE_SAMPLES, calmSamples: 3600 },
};
const ENV = { LEVQOR_RATE_LIMITS: JSON.stringify(LIMITS) };

/** Keeps the event loop busy for `ms`, as synchronous work does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function activeWorkflow(levqor: TestLevqor, path: string, respond: 'sync' | 'async'): Promise<string> {
  const created = await levqor.api('POST', '/api/v1/workflows', {
    name: `load ${path}`,
    trigger: { type: 'webhook', path, respond },
    steps: [
      { id: 'double', type: 'transform', with: { set: { n: '{{ trigger.body.n * 2 }}' } } },
      { id: 'reply', type: 'respond', with: { status: 200, body: { n: '{{ steps.double.n }}' } } },
    ],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
  return created.body.id;
}

const hook = (levqor: TestLevqor, path: string, n: number) =>
  levqor.server!.inject({ method: 'POST', url: `/hooks/default/${path}`, payload: { n } });

/** Processes that keep every core of the machine busy, as other work on a shared host does. */
function burnCpus(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
}

function stopBurning(burners: ChildProcess[]): void {
  for (const burner of burners) if (burner.exitCode === null && burner.signalCode === null) burner.kill('SIGKILL');
}

for (const kind of databaseKinds()) {
  describe(`load tier on ${kind}`, () => {
    test('a fresh server beside CPU-busy processes, with the default limits, accepts every async webhook and runs them all', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'levqor-load-'));
      const database = kind === 'postgres' ? await createTestDatabase('postgres') : undefined;
      const burners = burnCpus(2);
      const server = await spawnLevqor(['start'], {
        // The shipped defaults: no rate-limit setting is changed; the workspace is on the trial.
        LEVQOR_RATE_LIMITS: '{}',
        LEVQOR_DEFAULT_WORKSPACE_PLAN: 'trial',
        LEVQOR_DATA_DIR: dataDir,
        LEVQOR_BOOTSTRAP_API_KEY: TEST_API_KEY,
        LEVQOR_MASTER_KEY: TEST_MASTER_KEY,
        ...(database?.target.kind === 'postgres' ? { DATABASE_URL: database.target.url } : {}),
      }, 60_000, { fromSource: true });
      try {
        const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', ...init.headers } });
        const created = await api('/api/v1/workflows', { method: 'POST', body: JSON.stringify({ name: 'later', trigger: { type: 'webhook', path: 'later' }, steps: [{ id: 'double', type: 'transform', with: { set: { n: '{{ trigger.body.n * 2 }}' } } }] }) });
        assert.equal(created.status, 201, await created.clone().text());
        const { id } = (await created.json()) as { id: string };
        assert.equal((await api(`/api/v1/workflows/${id}/activate`, { method: 'POST' })).status, 200);
        const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => fetch(`${server.url}/hooks/default/later`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) })));
        const statuses = await Promise.all(answers.map(async (a) => `${a.status}${a.status === 202 ? '' : ` ${await a.text()}`}`));
        assert.deepEqual(statuses, answers.map(() => '202'));
        stopBurning(burners);
        let succeeded = 0;
        // The trial key allows 60 calls a minute: poll gently.
        for (let i = 0; i < 50 && succeeded < 40; i++) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const page = (await (await api('/api/v1/runs?limit=100&status=succeeded')).json()) as { items: unknown[] };
          succeeded = page.items.length;
        }
        assert.equal(succeeded, 40, 'every accepted run completes');
      } finally {
        stopBurning(burners);
        server.child.kill('SIGTERM');
        await server.exited;
        rmSync(dataDir, { recursive: true, force: true });
        await database?.dispose();
      }
    });

    test('start-up is not load: the tier is measured only once the server listens', async () => {
      const levqor = await startTestLevqor(kind, { env: ENV });
      try {
        // Start-up's own synchronous work (building routes, compiling schemas) before listening.
        busy(300);
        await sleep(SAMPLE_MS * 4);
        assert.deepEqual(levqor.rateLimits.load.status().signals, { eventLoopDelayMs: 0, databaseWaitMs: 0, queueDepth: 0 }, 'nothing is measured before the server listens');
        await levqor.start();
        for (let i = 0; i < 100 && levqor.rateLimits.load.status().signals.databaseWaitMs === 0; i++) await sleep(SAMPLE_MS);
        assert.ok(levqor.rateLimits.load.status().signals.databaseWaitMs > 0, 'measured once listening');
        assert.equal(levqor.rateLimits.load.tier, 'low');
      } finally {
        await levqor.close();
      }
    });

    describe('under sustained critical load', () => {
      let levqor: TestLevqor;
      before(async () => {
        levqor = await startTestLevqor(kind, { env: ENV, listen: true });
        await activeWorkflow(levqor, 'later', 'async');
        await activeWorkflow(levqor, 'now', 'sync');
      });
      after(async () => levqor?.close());

      test('every async webhook is accepted (202) and every run completes; a sync webhook is shed with 503 and Retry-After', async () => {
        // One long stall is not load: the tier stays where it is.
        busy(400);
        await sleep(SAMPLE_MS * 2);
        assert.equal(levqor.rateLimits.load.tier, 'low', 'one slow sample does not raise the tier');
        // Sustained: the loop is busy 200 ms of every ~210 ms until the monitor sees it.
        const burner = setInterval(() => busy(200), 10);
        const runIds: string[] = [];
        const tier = (): string => levqor.rateLimits.load.tier;
        try {
          for (let i = 0; i < 100 && tier() !== 'critical'; i++) await sleep(SAMPLE_MS);
          assert.equal(levqor.rateLimits.load.tier, 'critical', JSON.stringify(levqor.rateLimits.load.status()));
          const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => hook(levqor, 'later', i)));
          for (const answer of answers) {
            assert.equal(answer.statusCode, 202, answer.body);
            runIds.push(answer.json().runId);
          }
          const shed = await hook(levqor, 'now', 1);
          assert.equal(shed.statusCode, 503, shed.body);
          assert.equal(shed.json().error.code, 'overloaded');
          assert.ok(Number(shed.headers['retry-after']) >= 1, 'Retry-After says when to come back');
        } finally {
          clearInterval(burner);
        }
        const outputs = await Promise.all(runIds.map((id) => levqor.waitForRun(id, ['succeeded', 'failed', 'cancelled'], 60_000)));
        assert.deepEqual(outputs.map((run) => run.status), runIds.map(() => 'succeeded'));
        assert.deepEqual(outputs.map((run) => run.steps[0].output.n).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i * 2).sort((a, b) => a - b));
      });
    });

    test('only a database that cannot take the write refuses an async webhook (or an API write): 503 with Retry-After, and nothing recorded', async () => {
      const levqor = await startTestLevqor(kind, { env: ENV });
      try {
        const workflowId = await activeWorkflow(levqor, 'later', 'async');
        const db = levqor.database.db;
        // The database itself refuses new runs, as a full disk does (SQLSTATE 53100).
        await sql`create function refuse_runs() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`.execute(db);
        await sql`create trigger refuse_runs before insert on runs for each row execute function refuse_runs()`.execute(db);
        const before = await db.selectFrom('runs').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const refused = await hook(levqor, 'later', 1);
        assert.equal(refused.statusCode, 503, refused.body);
        assert.equal(refused.json().error.code, 'database_unavailable');
        assert.match(refused.json().error.message, /nothing was recorded; send the request again after \d+ s/);
        assert.ok(Number(refused.headers['retry-after']) >= 1);
        const manual = await levqor.api('POST', `/api/v1/workflows/${workflowId}/run`, {});
        assert.equal(manual.status, 503, 'an API write the database refuses is 503 too, not 500');
        assert.equal(manual.body.error.code, 'database_unavailable');
        assert.equal(manual.headers['retry-after'], '2');
        const afterRefusal = await db.selectFrom('runs').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(afterRefusal.n), Number(before.n));
        await sql`drop trigger refuse_runs on runs`.execute(db);
        const accepted = await hook(levqor, 'later', 2);
        assert.equal(accepted.statusCode, 202, accepted.body);
        assert.equal((await levqor.waitForRun(accepted.json().runId)).status, 'succeeded');
      } finally {
        await levqor.close();
      }
    });
  });
}
