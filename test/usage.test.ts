import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { ApiCallMeter } from '../src/metering/api-call-meter.ts';
import { categoryOf } from '../src/metering/categories.ts';
import { MemoryCounterStore } from '../src/metering/hot-counters.ts';
import { applyUsageBatch, utcDay } from '../src/metering/usage-ledger.ts';
import { daysBetween, periodAt } from '../src/metering/usage-service.ts';
import { createTestDatabase, databaseKinds } from './support/databases.ts';
import { spawnLevqor } from './support/levqor-process.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, TEST_MASTER_KEY, type TestLevqor } from './support/test-levqor.ts';

/*
 * Usage metering (issue 4, points 1 and 2). Every suite runs with in-process hot counters, and with Redis
 * too when TEST_REDIS_URL is set (a set but unreachable TEST_REDIS_URL fails the suite). Each Redis
 * suite uses its own key prefix and deletes its keys afterwards; "FLUSHALL" is simulated by deleting
 * every key under that prefix, so other users of the shared Redis server are not disturbed.
 */

const redisUrls: (string | undefined)[] = process.env.TEST_REDIS_URL ? [undefined, process.env.TEST_REDIS_URL] : [undefined];

/** A Redis client that fails fast: a set but unreachable TEST_REDIS_URL must fail the suite. */
async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    assert.equal(await redis.ping(), 'PONG');
  } catch (error) {
    redis.disconnect();
    throw new Error(`TEST_REDIS_URL (${url}) is set but Redis does not answer: ${(error as Error).message}`);
  }
  return redis;
}

async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** The ledger of a workspace: calls per "key|category" (key '-' for sessions) and in total. */
async function ledger(levqor: TestLevqor, workspaceId: string) {
  const rows = await levqor.database.db
    .selectFrom('usage_daily')
    .select(['api_key_id', 'category', sql<string>`sum(calls)::text`.as('calls')])
    .where('workspace_id', '=', workspaceId)
    .groupBy(['api_key_id', 'category'])
    .execute();
  const byKey: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    const key = r.api_key_id === '00000000-0000-0000-0000-000000000000' ? '-' : r.api_key_id;
    byKey[`${key}|${r.category}`] = Number(r.calls);
    byCategory[r.category] = (byCategory[r.category] ?? 0) + Number(r.calls);
    total += Number(r.calls);
  }
  return { byKey, byCategory, total };
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) !== 0) out[k] = v - (before[k] ?? 0);
  return out;
}

/** Lets onResponse hooks of answered requests run before the meter is flushed. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('endpoint categories come from the route URL', () => {
  assert.equal(categoryOf('/api/v1/workflows/:id/run'), 'workflows');
  assert.equal(categoryOf('/api/v1/runs'), 'runs');
  assert.equal(categoryOf('/api/v1/me'), 'auth');
  assert.equal(categoryOf('/api/v1/auth/sessions'), 'auth');
  assert.equal(categoryOf('/api/v1/tables/:name/rows'), 'tables');
  assert.equal(categoryOf('/api/v1/secrets/:name'), 'secrets');
  assert.equal(categoryOf('/api/v1/api-keys'), 'admin');
  assert.equal(categoryOf('/api/v1/members/:userId'), 'admin');
  assert.equal(categoryOf('/api/v1/usage'), 'other');
});

test('periods are monthly from the anchor day, clamped to short months', () => {
  const p = periodAt(new Date('2026-01-31T15:00:00Z'), new Date('2026-02-28T10:00:00Z'));
  assert.deepEqual([p.start.toISOString(), p.reset.toISOString()], ['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
  const q = periodAt(new Date('2026-01-15T15:00:00Z'), new Date('2026-01-15T01:00:00Z'));
  assert.deepEqual([q.start.toISOString(), q.reset.toISOString()], ['2026-01-15T00:00:00.000Z', '2026-02-15T00:00:00.000Z']);
  const r = periodAt(new Date('2025-11-20T00:00:00Z'), new Date('2026-01-10T00:00:00Z'));
  assert.deepEqual([r.start.toISOString(), r.reset.toISOString()], ['2025-12-20T00:00:00.000Z', '2026-01-20T00:00:00.000Z']);
});

for (const kind of databaseKinds()) {
  for (const redisUrl of redisUrls) {
    describe(`usage metering on ${kind} with ${redisUrl ? 'Redis' : 'in-process'} counters`, () => {
      const prefix = `levqor-test:${randomBytes(6).toString('hex')}:`;
      let redis: Redis | undefined;
      let levqor: TestLevqor;
      let workspaceId: string;
      let bootstrapKeyId: string;

      before(async () => {
        if (redisUrl) redis = await connectRedis(redisUrl);
        levqor = await startTestLevqor(kind, {
          // Flushes are driven by the tests (meter.flush()), not by the timer. The suite writes the ledger
          // directly (bypassing the hot counters), so no quota check may rebuild the counters before it does.
          env: { LEVQOR_QUOTAS: 'off', LEVQOR_USAGE_FLUSH_MS: '60000', LEVQOR_REDIS_PREFIX: prefix, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
        });
        assert.equal(levqor.meter.counterKind, redisUrl ? 'redis' : 'memory');
        const workspace = await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow();
        workspaceId = workspace.id;
        const key = await levqor.database.db.selectFrom('api_keys').select('id').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
        bootstrapKeyId = key.id;
      });

      after(async () => {
        await levqor?.close();
        if (redis) {
          const keys = await keysWithPrefix(redis, prefix);
          if (keys.length) await redis.del(...keys);
          redis.disconnect();
        }
      });

      test('calls are counted per workspace, API key and category; unauthenticated calls are not', async () => {
        const made = await levqor.api('POST', '/api/v1/api-keys', { name: 'reader', scopes: ['read'] });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const reader = { authorization: `Bearer ${made.body.key}` };
        await settle();
        await levqor.meter.flush();
        const before = await ledger(levqor, workspaceId);

        for (let i = 0; i < 3; i++) assert.equal((await levqor.api('GET', '/api/v1/workflows')).status, 200);
        for (let i = 0; i < 2; i++) assert.equal((await levqor.api('GET', '/api/v1/runs')).status, 200);
        assert.equal((await levqor.api('GET', '/api/v1/secrets')).status, 200);
        for (let i = 0; i < 2; i++) assert.equal((await levqor.api('GET', '/api/v1/tables', undefined, reader)).status, 200);
        assert.equal((await levqor.api('GET', '/api/v1/workspace', undefined, reader)).status, 200);
        // Authenticated but refused by permission: counted (it passed authentication).
        assert.equal((await levqor.api('POST', '/api/v1/workflows', { name: 'x', trigger: { type: 'manual' }, steps: [] }, reader)).status, 403);
        // Not authenticated: not counted.
        assert.equal((await levqor.api('GET', '/api/v1/workflows', undefined, { authorization: 'Bearer lvq_live_not_a_real_key_000000000000' })).status, 401);
        assert.equal((await levqor.server!.inject({ method: 'GET', url: '/api/v1/runs' })).statusCode, 401);
        // Outside /api/v1: not counted.
        assert.equal((await levqor.server!.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
        await settle();
        await levqor.meter.flush();

        const afterCounts = await ledger(levqor, workspaceId);
        assert.deepEqual(diff(afterCounts.byKey, before.byKey), {
          [`${bootstrapKeyId}|workflows`]: 3,
          [`${bootstrapKeyId}|runs`]: 2,
          [`${bootstrapKeyId}|secrets`]: 1,
          [`${made.body.id}|tables`]: 2,
          [`${made.body.id}|admin`]: 1,
          [`${made.body.id}|workflows`]: 1,
        });
        assert.equal(levqor.meter.unflushed().length, 0);
      });

      test('calls made with a session are counted in its workspace with no key', async () => {
        const client = new SessionClient(levqor.server!);
        const signup = await client.signup(`usage-${randomBytes(4).toString('hex')}@example.com`, undefined, 'Usage Session Co');
        assert.equal(signup.status, 201, JSON.stringify(signup.body));
        client.workspace = signup.body.workspace.slug;
        const own = signup.body.workspace.id as string;
        for (let i = 0; i < 2; i++) assert.equal((await client.request('GET', '/api/v1/workflows')).status, 200);
        await settle();
        await levqor.meter.flush();
        const counts = await ledger(levqor, own);
        assert.equal(counts.byKey['-|workflows'], 2);
        assert.equal(counts.byKey['-|auth'] ?? 0, 0, 'signup is public: not counted');
        const usage = await client.request('GET', '/api/v1/usage');
        assert.equal(usage.status, 200);
        assert.equal(usage.body.calls_used, 2);
        assert.equal(usage.body.by_endpoint.workflows, 2);
      });

      test('GET /usage answers the ledger plus unflushed counts; after a flush the ledger holds the same numbers', async () => {
        await settle();
        await levqor.meter.flush();
        for (let i = 0; i < 3; i++) await levqor.api('GET', '/api/v1/workflows');
        await settle();
        const inLedger = await ledger(levqor, workspaceId);
        assert.equal(levqor.meter.unflushed(workspaceId).reduce((n, d) => n + d.calls, 0), 3);
        const usage = await levqor.api('GET', '/api/v1/usage');
        assert.equal(usage.status, 200, JSON.stringify(usage.body));
        const body = usage.body;
        assert.deepEqual(Object.keys(body).sort(), ['by_endpoint', 'calls_included', 'calls_remaining', 'calls_used', 'limits', 'overage_calls', 'overage_cost', 'period_start', 'plan', 'reset_date', 'runs_held', 'runs_remaining', 'runs_used', 'tokens_used']);
        assert.equal(body.calls_used, inLedger.total + 3, 'the answer includes the calls not yet flushed');
        assert.deepEqual(body.plan, { id: 'trial', name: 'Trial', kind: 'trial' });
        // The trial includes calls but no overage (beyond them: 402, test/quotas.test.ts).
        assert.equal(body.calls_included, 2000);
        assert.equal(body.calls_remaining, 2000 - body.calls_used);
        assert.equal(body.overage_calls, 0);
        assert.deepEqual(body.overage_cost, { amount: 0, currency: 'USD', display: '$0.00' });
        assert.equal(body.tokens_used, 0);
        assert.equal(body.runs_remaining, 2000 - body.runs_used, 'the trial has the Launch run limit');
        assert.ok(Date.parse(body.reset_date) > Date.now() && Date.parse(body.period_start) <= Date.now());

        await settle();
        await levqor.meter.flush();
        const flushed = await ledger(levqor, workspaceId);
        // The ledger now also has the GET /usage call itself (category other), counted after it answered.
        assert.equal(flushed.total, body.calls_used + 1);
        assert.deepEqual({ ...flushed.byCategory, other: (flushed.byCategory.other ?? 0) - 1 }, Object.fromEntries(Object.entries(body.by_endpoint).filter(([, n]) => (n as number) > 0).concat([['other', body.by_endpoint.other]])));
        const history = await levqor.api('GET', '/api/v1/usage/history?days=7');
        assert.equal(history.status, 200);
        assert.equal(history.body.days.length, 7);
        assert.equal(history.body.to, utcDay(new Date()));
        assert.equal(history.body.days.reduce((n: number, d: { calls: number }) => n + d.calls, 0), flushed.total, 'history of a fresh workspace = the ledger');
      });

      test('a retried flush with the same batch id is applied once', async () => {
        const before = await ledger(levqor, workspaceId);
        const batch = { id: randomUUID(), deltas: [{ workspaceId, apiKeyId: bootstrapKeyId, category: 'runs', day: utcDay(new Date()), calls: 7 }] };
        assert.equal(await applyUsageBatch(levqor.database.db, batch), true);
        // The commit went through but its answer was "lost": the meter retries with the same batch.
        assert.equal(await applyUsageBatch(levqor.database.db, batch), false);
        const afterCounts = await ledger(levqor, workspaceId);
        assert.deepEqual(diff(afterCounts.byKey, before.byKey), { [`${bootstrapKeyId}|runs`]: 7 });
        const logged = await levqor.database.db.selectFrom('usage_batches').select(['calls']).where('batch_id', '=', batch.id).execute();
        assert.deepEqual(logged.map((r) => Number(r.calls)), [7]);
      });

      test('a flush whose commit answer is lost is retried with the same batch id and counted once', async () => {
        const db = levqor.database.db;
        let loseAnswers = 1;
        const batchIds: string[] = [];
        // The transaction commits, then the answer is "lost" (an error) once.
        const flaky = new Proxy(db, {
          get(target, prop, receiver) {
            if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
            return () => ({
              execute: async (fn: (trx: unknown) => Promise<unknown>) => {
                const result = await target.transaction().execute(async (trx) => {
                  const ids = await trx.selectFrom('usage_batches').select('batch_id').execute();
                  const value = await fn(trx);
                  const after = await trx.selectFrom('usage_batches').select('batch_id').execute();
                  batchIds.push(...after.map((r) => r.batch_id).filter((id) => !ids.some((r) => r.batch_id === id)));
                  return value;
                });
                if (loseAnswers-- > 0) throw new Error('connection reset after commit');
                return result;
              },
            });
          },
        });
        const meter = new ApiCallMeter({ db: flaky, counters: new MemoryCounterStore(), flushMs: 60_000 });
        const before = await ledger(levqor, workspaceId);
        for (let i = 0; i < 5; i++) meter.record(workspaceId, bootstrapKeyId, 'secrets');
        await assert.rejects(meter.flush(), /connection reset/);
        assert.equal(meter.unflushed(workspaceId).reduce((n, d) => n + d.calls, 0), 5, 'the deltas are kept');
        meter.record(workspaceId, bootstrapKeyId, 'secrets');
        await meter.flush();
        assert.deepEqual(meter.unflushed(), []);
        const afterCounts = await ledger(levqor, workspaceId);
        assert.deepEqual(diff(afterCounts.byKey, before.byKey), { [`${bootstrapKeyId}|secrets`]: 6 }, 'the first batch once, then the new call');
        assert.equal(batchIds.length, 2, 'two batches reached the ledger: the retried one was not applied again');
        await meter.close();
      });

      test('runs and steps are counted exactly from the run records', async () => {
        const usageBefore = (await levqor.api('GET', '/api/v1/usage')).body;
        const historyBefore = (await levqor.api('GET', '/api/v1/usage/history?days=1')).body.days[0];
        const created = await levqor.api('POST', '/api/v1/workflows', { name: 'metered', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', with: { set: { x: 1 } } }, { id: 'b', type: 'transform' }] });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const runIds: string[] = [];
        for (let i = 0; i < 4; i++) {
          const started = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, {});
          assert.equal(started.status, 202);
          runIds.push(started.body.runId);
        }
        for (const id of runIds) assert.equal((await levqor.waitForRun(id)).status, 'succeeded');
        const usage = (await levqor.api('GET', '/api/v1/usage')).body;
        assert.equal(usage.runs_used, usageBefore.runs_used + 4);
        assert.equal(usage.runs_remaining, usageBefore.runs_remaining - 4);
        const inDb = await levqor.database.db.selectFrom('runs').select(sql<string>`count(*)::text`.as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
        assert.equal(usage.runs_used, Number(inDb.n));
        const today = (await levqor.api('GET', '/api/v1/usage/history?days=1')).body.days[0];
        assert.equal(today.runs, historyBefore.runs + 4);
        assert.equal(today.steps, historyBefore.steps + 8);
        const perWorkflow = (await levqor.api('GET', '/api/v1/usage/history?days=1')).body.by_workflow;
        assert.deepEqual(perWorkflow.find((w: { workflow_id: string }) => w.workflow_id === created.body.id), { workflow_id: created.body.id, name: 'metered', runs: 4, steps: 8, tokens: 0 });
      });

      test('an API tier gives included calls, remaining calls and overage', async () => {
        const client = new SessionClient(levqor.server!);
        const signup = await client.signup(`tier-${randomBytes(4).toString('hex')}@example.com`, undefined, 'Tier Co');
        client.workspace = signup.body.workspace.slug;
        const own = signup.body.workspace.id as string;
        await levqor.database.db.insertInto('workspace_billing').values({ workspace_id: own, plan_id: 'api_developer', period_start: new Date() }).execute();
        await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId: own, apiKeyId: null, category: 'workflows', day: utcDay(new Date()), calls: 10_499 }] });
        const usage = (await client.request('GET', '/api/v1/usage')).body;
        assert.deepEqual(usage.plan, { id: 'api_developer', name: 'Developer', kind: 'api_tier' });
        assert.equal(usage.calls_used, 10_499);
        assert.equal(usage.calls_remaining, 0);
        assert.equal(usage.overage_calls, 499);
        // $3 per 1,000 calls, prorated and rounded up to the cent: 499 × 0.3 ¢ = 149.7 → 150.
        assert.deepEqual(usage.overage_cost, { amount: 150, currency: 'USD', display: '$1.50' });
        assert.equal(usage.runs_remaining, null);
        assert.equal(usage.period_start, `${utcDay(new Date())}T00:00:00.000Z`);
        // The workflow plans carry run limits.
        await levqor.database.db.updateTable('workspace_billing').set({ plan_id: 'growth' }).where('workspace_id', '=', own).execute();
        const growth = (await client.request('GET', '/api/v1/usage')).body;
        assert.deepEqual([growth.plan.id, growth.runs_remaining, growth.calls_remaining, growth.overage_calls], ['growth', 10_000, 25_000 - growth.calls_used, 0]);
      });

      test('losing the hot counters ("FLUSHALL") loses nothing: the answer is unchanged and the counters rebuild from the ledger', async () => {
        await levqor.api('GET', '/api/v1/workflows');
        await settle();
        await levqor.meter.flush();
        const first = (await levqor.api('GET', '/api/v1/usage')).body;
        const days = daysBetween(first.period_start.slice(0, 10), utcDay(new Date()));
        await settle();
        await levqor.meter.flush();
        const ledgerBefore = await ledger(levqor, workspaceId);
        const hotBefore = await levqor.meter.hotCalls(workspaceId, days);
        assert.equal(hotBefore, ledgerBefore.total, 'the hot counter equals the ledger after a flush');
        // Flushed calls reach the hot counter.
        await levqor.api('GET', '/api/v1/runs');
        await settle();
        assert.equal(await levqor.meter.hotCalls(workspaceId, days), ledgerBefore.total + 1, 'unflushed calls are included');
        await levqor.meter.flush();
        assert.equal(await levqor.meter.hotCalls(workspaceId, days), ledgerBefore.total + 1);

        if (redis) {
          const keys = await keysWithPrefix(redis, prefix);
          assert.ok(keys.length > 0, 'the hot counters are in Redis under the test prefix');
          const today = await redis.get(`${prefix}usage:calls:${workspaceId}:${utcDay(new Date())}`);
          assert.equal(Number(today), (await ledger(levqor, workspaceId)).total, "today's Redis counter equals the ledger (all calls of this suite are today's)");
          // FLUSHALL, scoped to this test's keys.
          await redis.del(...keys);
          assert.deepEqual(await keysWithPrefix(redis, prefix), []);
        } else {
          // In process, losing the counters is a restart: a new process rebuilds them from the ledger.
        }
        // A flush after the loss starts the counter again from the ledger, not from zero.
        await levqor.api('GET', '/api/v1/runs');
        await settle();
        await levqor.meter.flush();
        if (redis) {
          const today = await redis.get(`${prefix}usage:calls:${workspaceId}:${utcDay(new Date())}`);
          assert.equal(Number(today), (await ledger(levqor, workspaceId)).total, 'recreated from the ledger by the flush');
        }
        const ledgerAfter = await ledger(levqor, workspaceId);
        assert.equal(ledgerAfter.total, ledgerBefore.total + 2, 'the ledger lost nothing');
        const second = (await levqor.api('GET', '/api/v1/usage')).body;
        // Calls made since the first answer: itself and two GET /runs.
        assert.equal(second.calls_used, first.calls_used + 3);
        assert.equal(second.runs_used, first.runs_used);
        await settle();
        await levqor.meter.flush();
        const rebuilt = await levqor.meter.hotCalls(workspaceId, days);
        assert.equal(rebuilt, (await ledger(levqor, workspaceId)).total, 'the counters were rebuilt from the ledger');
        if (redis) {
          const today = await redis.get(`${prefix}usage:calls:${workspaceId}:${utcDay(new Date())}`);
          assert.ok(today !== null && Number(today) > 0, 'the Redis counter is back');
        }
      });
    });
  }
}

if (databaseKinds().includes('postgres')) {
  describe('usage metering with a real process on postgres', () => {
    const KEY = 'lvq_live_usage_kill_key_0123456789abcdef';
    const cleanups: (() => Promise<void> | void)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('SIGKILL loses no API call counted more than a flush interval before the kill', async () => {
      const database = await createTestDatabase('postgres');
      cleanups.push(() => database.dispose());
      const url = (database.target as { url: string }).url;
      const proc = await spawnLevqor(['start'], { DATABASE_URL: url, LEVQOR_BOOTSTRAP_API_KEY: KEY, LEVQOR_MASTER_KEY: TEST_MASTER_KEY, LEVQOR_USAGE_FLUSH_MS: '1000' }, 20_000, { fromSource: true });
      cleanups.push(() => void proc.child.kill('SIGKILL'));
      const N = 25;
      for (let i = 0; i < N; i++) {
        const response = await fetch(`${proc.url}/api/v1/${i % 2 ? 'workflows' : 'runs'}`, { headers: { authorization: `Bearer ${KEY}` } });
        assert.equal(response.status, 200);
        await response.arrayBuffer();
      }
      // Just over one flush interval: every call above is in a flushed batch.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      proc.child.kill('SIGKILL');
      await proc.exited;

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ category: string; calls: string }>('select category, sum(calls)::text as calls from usage_daily group by category order by category');
        assert.deepEqual(rows.map((r) => [r.category, Number(r.calls)]), [['runs', 13], ['workflows', 12]], proc.output());
      } finally {
        await client.end();
      }
    });
  });
}
