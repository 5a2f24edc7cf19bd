import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { LoadMonitor } from '../src/metering/rate-limits/load-monitor.ts';
import { DEFAULT_RATE_LIMITS } from '../src/metering/rate-limits/rate-limit-settings.ts';
import type { RateLimitPlans } from '../src/metering/rate-limits/rate-limit-plans.ts';
import { RateLimiter } from '../src/metering/rate-limits/rate-limiter.ts';
import { routeClassOf } from '../src/metering/rate-limits/route-class.ts';
import { WindowCounters } from '../src/metering/rate-limits/window-counters.ts';
import { ApiKeyStore } from '../src/store/workspaces/api-key-store.ts';
import { createTestDatabase, databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Rate limits and load tiers (issue 4, point 5). Limits are made small through LEVQOR_RATE_LIMITS; the
 * load monitor's timer is off (sampleMs 0) and load samples are fed in, so no assertion depends on time.
 */

const LIMITS = {
  classes: { global: [8, 6, 4, 2], chat: [5, 4, 3, 2], billing: [5, 4, 3, 2] },
  keyByPlan: { trial: 5 },
  publicPerIp: 3,
  webhooks: { perWorkspace: 6, perIp: 1000 },
  // One fed sample moves the tier up here; test/load-tier.test.ts drives it with real sustained load.
  load: { sampleMs: 0, calmSamples: 3, riseSamples: 1 },
};
const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
const ENV = { LEVQOR_RATE_LIMITS: JSON.stringify(LIMITS), LEVQOR_METRICS_TOKEN: METRICS_TOKEN };
const CALM = { eventLoopDelayMs: 0, databaseWaitMs: 0, queueDepth: 0 };
const HIGH = { eventLoopDelayMs: 300, databaseWaitMs: 0, queueDepth: 0 };
const CRITICAL = { eventLoopDelayMs: 0, databaseWaitMs: 5000, queueDepth: 0 };

interface Tenant {
  id: string;
  slug: string;
  key: string;
}

/** A workspace with an admin API key, made in the stores (sign-up would spend the per-IP limit). */
async function newTenant(levqor: TestLevqor, name: string, planId?: string): Promise<Tenant> {
  const db = levqor.database.db;
  const workspace = await levqor.workspaces.create(db, { name: `${name} ${randomBytes(3).toString('hex')}`, kind: 'standard', parentId: null, owner: null });
  const { key } = await new ApiKeyStore(db).create(workspace.id, { name: 'rl', scopes: ['admin'], expiresAt: null, createdBy: null });
  if (planId) await db.insertInto('workspace_billing').values({ workspace_id: workspace.id, plan_id: planId, period_start: new Date() }).execute();
  return { id: workspace.id, slug: workspace.slug, key };
}

async function call(levqor: TestLevqor, tenant: Tenant, url = '/api/v1/workflows', method = 'GET', body?: unknown) {
  const response = await levqor.server!.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${tenant.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    payload: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

async function webhook(levqor: TestLevqor, slug: string, path: string, remoteAddress = '127.0.0.1') {
  const response = await levqor.server!.inject({ method: 'POST', url: `/hooks/${slug}/${path}`, payload: { a: 1 }, remoteAddress });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

async function hookWorkflow(levqor: TestLevqor, tenant: Tenant, path: string, respond: 'sync' | 'async' = 'sync'): Promise<void> {
  const created = await call(levqor, tenant, '/api/v1/workflows', 'POST', {
    name: `hook ${path}`,
    trigger: { type: 'webhook', path, respond },
    steps: [{ id: 'reply', type: 'respond', with: { status: 200, body: { ok: true } } }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await call(levqor, tenant, `/api/v1/workflows/${created.body.id}/activate`, 'POST')).status, 200);
}

function calm(levqor: TestLevqor): void {
  for (let i = 0; i < LIMITS.load.calmSamples; i++) levqor.rateLimits.load.observe(CALM);
  assert.equal(levqor.rateLimits.load.tier, 'low');
}

/** Read from the database: the API would spend the tenant's small key limit. */
async function runStatusOnceEnded(levqor: TestLevqor, runId: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const run = await levqor.database.db.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirst();
    if (run && ['succeeded', 'failed', 'cancelled'].includes(run.status)) return run.status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`run ${runId} did not end`);
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('load tiers', () => {
  const settings = { ...DEFAULT_RATE_LIMITS.load, eventLoopDelayMs: [100, 250, 500] as [number, number, number], calmSamples: 3, calmRatio: 0.7, riseSamples: 3 };
  const delay = (ms: number) => ({ eventLoopDelayMs: ms, databaseWaitMs: 0 });

  test('go up only when the load is sustained, to the lowest tier every sample of the streak reached', () => {
    const monitor = new LoadMonitor(settings);
    assert.equal(monitor.observe(delay(50)), 'low');
    // One slow sample (a collection, a first query) is not load.
    assert.equal(monitor.observe(delay(900)), 'low');
    assert.equal(monitor.observe(delay(50)), 'low');
    assert.equal(monitor.observe(delay(900)), 'low');
    assert.equal(monitor.observe(delay(300)), 'low');
    assert.equal(monitor.observe(delay(600)), 'high', 'three in a row above Low; all three reached High');
    const deep = { eventLoopDelayMs: 0, databaseWaitMs: 0, queueDepth: 200_000 };
    assert.equal(monitor.observe(deep), 'high');
    assert.equal(monitor.observe(deep), 'high');
    assert.equal(monitor.observe(deep), 'critical');
    assert.equal(monitor.status().signals.queueDepth, 200_000);
  });

  test('come down only after calmSamples samples in a row under threshold × calmRatio', () => {
    const monitor = new LoadMonitor(settings);
    for (let i = 0; i < settings.riseSamples; i++) monitor.observe(delay(600));
    assert.equal(monitor.tier, 'critical');
    assert.equal(monitor.observe(delay(200)), 'critical');
    assert.equal(monitor.observe(delay(200)), 'critical');
    // 400 is under Critical (500) but not under 500 × 0.7: the calm streak starts over.
    assert.equal(monitor.observe(delay(400)), 'critical');
    assert.equal(monitor.observe(delay(200)), 'critical');
    assert.equal(monitor.observe(delay(200)), 'critical');
    assert.equal(monitor.observe(delay(200)), 'high');
    // 240 is under High (250) but above 250 × 0.7: the tier holds instead of flapping.
    for (let i = 0; i < 5; i++) assert.equal(monitor.observe(delay(240)), 'high');
    assert.equal(monitor.observe(delay(10)), 'high');
    assert.equal(monitor.observe(delay(50)), 'high');
    // Down to the worst tier seen in the streak: 50 alone is Low.
    assert.equal(monitor.observe(delay(10)), 'low');
  });
});

test('route classes come from the route config or the URL', () => {
  assert.equal(routeClassOf('/api/v1/workflows', undefined), 'global');
  assert.equal(routeClassOf('/api/v1/billing/checkout', undefined), 'billing');
  assert.equal(routeClassOf('/api/v1/billing', undefined), 'billing');
  assert.equal(routeClassOf('/api/v1/ai/complete', undefined), 'chat');
  assert.equal(routeClassOf('/api/v1/chat/:id/messages', undefined), 'chat');
  assert.equal(routeClassOf('/api/v1/chatter', undefined), 'global');
  assert.equal(routeClassOf('/api/v1/workflows/:id/explain', 'chat'), 'chat');
});

test('LEVQOR_RATE_LIMITS overrides defaults field by field and names what is wrong', () => {
  const config = loadConfig({ LEVQOR_RATE_LIMITS: '{"classes":{"chat":[60,40,20,10]},"webhooks":{"perWorkspace":100}}' });
  assert.deepEqual(config.rateLimits.classes.chat, [60, 40, 20, 10]);
  assert.deepEqual(config.rateLimits.classes.global, [200, 100, 70, 50]);
  assert.equal(config.rateLimits.webhooks.perWorkspace, 100);
  assert.equal(config.rateLimits.webhooks.perIp, DEFAULT_RATE_LIMITS.webhooks.perIp);
  assert.throws(() => loadConfig({ LEVQOR_RATE_LIMITS: '{"classes":{"chat":[60,40]}}' }), /LEVQOR_RATE_LIMITS: classes\.chat: expected 4 numbers/);
  assert.throws(() => loadConfig({ LEVQOR_RATE_LIMITS: '{"load":{"queueDepth":[10,5,20]}}' }), /load\.queueDepth: thresholds must ascend/);
  assert.throws(() => loadConfig({ LEVQOR_RATE_LIMITS: '{"nope":1}' }), /LEVQOR_RATE_LIMITS: .*nope/);
  assert.throws(() => loadConfig({ LEVQOR_RATE_LIMITS: 'classes=1' }), /LEVQOR_RATE_LIMITS: not valid JSON/);
});

for (const kind of databaseKinds()) {
  describe(`rate limits (${kind})`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind, { env: ENV });
    });
    after(async () => levqor?.close());

    test('an address over its webhook limit is refused without looking up the workspaces it names', async () => {
      const settings = { ...levqor.config.rateLimits, webhooks: { ...levqor.config.rateLimits.webhooks, perIp: 2 } };
      let lookups = 0;
      const plans = { ofSlug: () => (lookups++, null) } as unknown as RateLimitPlans;
      const limiter = new RateLimiter({ settings, counters: new WindowCounters({ keyPrefix: `t${randomBytes(3).toString('hex')}:` }), plans, load: levqor.rateLimits.load });
      const verdicts = [];
      for (let i = 0; i < 10; i++) verdicts.push(await limiter.webhook('10.9.8.7', `made-up-${i}`));
      assert.deepEqual(verdicts.map((v) => v?.allowed), [true, true, false, false, false, false, false, false, false, false]);
      assert.equal(lookups, 3, 'the slug is looked up until the address is known to be over, then never');
    });

    test('a key over its plan limit gets 429 with Retry-After and RateLimit-* headers; refused calls are not metered', async () => {
      const tenant = await newTenant(levqor, 'Key Limit');
      for (let i = 1; i <= 5; i++) {
        const ok = await call(levqor, tenant);
        assert.equal(ok.status, 200);
        assert.equal(ok.headers['ratelimit-limit'], '5');
        assert.equal(ok.headers['ratelimit-remaining'], String(5 - i));
        assert.ok(Number(ok.headers['ratelimit-reset']) >= 1 && Number(ok.headers['ratelimit-reset']) <= 60);
      }
      for (let i = 0; i < 3; i++) {
        const refused = await call(levqor, tenant);
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error.code, 'rate_limited');
        assert.match(refused.body.error.message, /this API key has sent more than 5 requests this minute, the limit of plan "trial"; retry after \d+ s/);
        assert.equal(refused.body.error.details.limit, 'api_key');
        assert.equal(refused.headers['ratelimit-remaining'], '0');
        assert.ok(Number(refused.headers['retry-after']) >= 1 && Number(refused.headers['retry-after']) <= 60);
        assert.equal(refused.headers['retry-after'], refused.headers['ratelimit-reset']);
      }
      await settle();
      await levqor.meter.flush();
      const { rows } = await sql<{ calls: number }>`select coalesce(sum(calls), 0)::int as calls from usage_daily where workspace_id = ${tenant.id}`.execute(levqor.database.db);
      assert.equal(rows[0].calls, 5, 'the 429s are not counted as API calls');
    });

    test('one key flooding does not limit another workspace', async () => {
      const flooder = await newTenant(levqor, 'Flooder');
      const quiet = await newTenant(levqor, 'Quiet');
      for (let i = 0; i < 20; i++) await call(levqor, flooder);
      assert.equal((await call(levqor, flooder)).status, 429);
      const answer = await call(levqor, quiet);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers['ratelimit-remaining'], '4');
    });

    test("a workspace's keys share its limit for the route class; a paid plan raises the key limit", async () => {
      const tenant = await newTenant(levqor, 'Class Limit', 'growth');
      const second = { ...tenant, key: (await new ApiKeyStore(levqor.database.db).create(tenant.id, { name: 'second', scopes: ['read'], expiresAt: null, createdBy: null })).key };
      for (let i = 0; i < 6; i++) assert.equal((await call(levqor, tenant)).status, 200, 'growth allows more than the trial 5 per key');
      const last = await call(levqor, second);
      assert.equal(last.status, 200);
      assert.equal(last.headers['ratelimit-limit'], '8');
      assert.equal(last.headers['ratelimit-remaining'], '1');
      assert.equal((await call(levqor, second)).status, 200);
      const refused = await call(levqor, second);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.details.limit, 'workspace_class');
      assert.equal(refused.body.error.details.routeClass, 'global');
      assert.equal(refused.body.error.details.loadTier, 'low');
      assert.match(refused.body.error.message, new RegExp(`workspace "${tenant.slug}" has sent more than 8 global API requests this minute, the limit while the service is under low load`));
    });

    test('limits tighten with the load tier and relax when it comes down (hysteresis)', async () => {
      const tenant = await newTenant(levqor, 'Tiers', 'growth');
      levqor.rateLimits.load.observe(CRITICAL);
      try {
        const ready = await levqor.server!.inject({ url: '/readyz' });
        assert.equal(ready.json().load.tier, 'critical');
        assert.match((await levqor.server!.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body, /levqor_load_tier 3/);
        assert.equal((await call(levqor, tenant)).status, 200);
        assert.equal((await call(levqor, tenant)).status, 200);
        const refused = await call(levqor, tenant);
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error.details.loadTier, 'critical');
        assert.equal(refused.body.error.details.limitPerMinute, 2);
        assert.match(refused.body.error.message, /under critical load/);
        // Calm, but not for long enough: the tier holds.
        levqor.rateLimits.load.observe(CALM);
        levqor.rateLimits.load.observe(CALM);
        assert.equal((await call(levqor, tenant)).status, 429);
      } finally {
        calm(levqor);
      }
      const relaxed = await call(levqor, tenant);
      assert.equal(relaxed.status, 200);
      assert.equal(relaxed.headers['ratelimit-limit'], '8');
    });

    test('routes that need no credentials are limited per client IP', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await levqor.server!.inject({ url: '/api/v1/plans', remoteAddress: '10.1.0.1' })).statusCode, 200);
      const refused = await levqor.server!.inject({ url: '/api/v1/plans', remoteAddress: '10.1.0.1' });
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().error.details.limit, 'ip');
      assert.match(refused.json().error.message, /this IP address has sent more than 3 requests this minute to routes that need no credentials/);
      const login = await levqor.server!.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.1.0.1', payload: { email: 'a@example.com', password: 'whatever it is' } });
      assert.equal(login.statusCode, 429, 'sign-in shares the per-IP limit');
      const other = await levqor.server!.inject({ url: '/api/v1/plans', remoteAddress: '10.1.0.2' });
      assert.equal(other.statusCode, 200);
      assert.equal(other.headers['ratelimit-remaining'], '2');
      const health = await levqor.server!.inject({ url: '/healthz', remoteAddress: '10.1.0.1' });
      assert.equal(health.statusCode, 200, 'health is never limited');
    });

    test('webhooks are limited per workspace whatever the load; under Critical load only sync webhooks are shed, with 503 and Retry-After', async () => {
      const trial = await newTenant(levqor, 'Hook Trial');
      const paid = await newTenant(levqor, 'Hook Paid', 'launch');
      await hookWorkflow(levqor, trial, 'in');
      await hookWorkflow(levqor, trial, 'later', 'async');
      await hookWorkflow(levqor, paid, 'in');
      assert.equal((await webhook(levqor, trial.slug, 'in')).status, 200);
      assert.equal((await webhook(levqor, paid.slug, 'in')).status, 200);
      levqor.rateLimits.load.observe(HIGH);
      try {
        assert.equal((await webhook(levqor, trial.slug, 'in')).status, 200, 'a trial workspace keeps its webhooks at High');
        assert.equal((await webhook(levqor, trial.slug, 'later')).status, 202);
        levqor.rateLimits.load.observe(CRITICAL);
        const shed = await webhook(levqor, paid.slug, 'in');
        assert.equal(shed.status, 503);
        assert.equal(shed.body.error.code, 'overloaded');
        assert.match(shed.body.error.message, /under critical load .* retry after \d+ s \(async webhooks are still accepted\)/);
        assert.ok(Number(shed.headers['retry-after']) >= 1);
        const accepted = await webhook(levqor, trial.slug, 'later');
        assert.equal(accepted.status, 202, 'an async webhook is accepted at Critical: its run waits its turn');
        assert.equal(await runStatusOnceEnded(levqor, accepted.body.runId), 'succeeded');
      } finally {
        calm(levqor);
      }
      // The fixed limit of 6 a minute: the trial workspace has used 4 (the shed one did not count).
      for (let i = 0; i < 2; i++) assert.equal((await webhook(levqor, trial.slug, 'in')).status, 200);
      const over = await webhook(levqor, trial.slug, 'in');
      assert.equal(over.status, 429);
      assert.match(over.body.error.message, new RegExp(`workspace "${trial.slug}" has received more than 6 webhook requests this minute`));
      assert.equal((await webhook(levqor, paid.slug, 'in')).status, 200, 'back at Low, sync webhooks are answered again');
    });
  });
}

const redisUrl = process.env.TEST_REDIS_URL;

describe('limits shared through Redis', { skip: redisUrl ? false : 'TEST_REDIS_URL is not set' }, () => {
  const prefix = `levqor-test-rl-${randomBytes(4).toString('hex')}:`;
  const clients: Redis[] = [];
  const connect = async () => {
    const redis = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null, enableAutoPipelining: true });
    redis.on('error', () => {});
    try {
      await redis.connect();
    } catch (error) {
      throw new Error(`TEST_REDIS_URL (${redisUrl}) is set but Redis does not answer: ${(error as Error).message}`);
    }
    clients.push(redis);
    return redis;
  };
  after(async () => {
    const redis = clients[0];
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    }
    for (const client of clients) client.disconnect();
  });

  test('two counter sets on one Redis see the same counts', async () => {
    const a = new WindowCounters({ redis: await connect(), keyPrefix: `${prefix}unit` });
    const b = new WindowCounters({ redis: await connect(), keyPrefix: `${prefix}unit` });
    assert.equal(a.kind, 'redis');
    assert.equal((await a.count('k')).consumed, 1);
    assert.equal((await b.count('k')).consumed, 2);
    const [x, y] = await Promise.all([a.count('k'), a.count('k')]);
    assert.deepEqual([x.consumed, y.consumed].sort(), [3, 4]);
    assert.ok((await b.count('k')).resetMs <= 60_000);
  });

  test('two app instances on one database and one Redis share the limits', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (two processes, one database)' }, async () => {
    const database = await createTestDatabase('postgres');
    const env = { ...ENV, REDIS_URL: redisUrl!, LEVQOR_REDIS_PREFIX: prefix };
    const one = await startTestLevqor('postgres', { env, database, roles: { worker: false } });
    const two = await startTestLevqor('postgres', { env, database, roles: { worker: false } });
    try {
      assert.equal(one.rateLimits.counters.kind, 'redis');
      const tenant = await newTenant(one, 'Shared');
      for (let i = 0; i < 3; i++) assert.equal((await call(one, tenant)).status, 200);
      const fourth = await call(two, tenant);
      assert.equal(fourth.status, 200);
      assert.equal(fourth.headers['ratelimit-remaining'], '1', 'the second instance sees the first one’s 3 calls');
      assert.equal((await call(two, tenant)).status, 200);
      assert.equal((await call(one, tenant)).status, 429);
      assert.equal((await call(two, tenant)).status, 429);
    } finally {
      await one.close();
      await two.close();
      await database.dispose();
    }
  });
});
