import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { sql } from 'kysely';
import { loadPlansCatalog } from '../src/billing/plans.ts';
import { WorkspacePlans } from '../src/metering/quota-plans.ts';
import { QuotaReleaser } from '../src/metering/quota-releaser.ts';
import { RunQuota } from '../src/metering/quota-runs.ts';
import { applyUsageBatch, utcDay } from '../src/metering/usage-ledger.ts';
import { Scheduler } from '../src/queue/scheduler.ts';
import { databaseKinds } from './support/databases.ts';
import { SessionClient } from './support/session-client.ts';
import { writeTestCatalog } from './support/test-catalog.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';
import { testTokensStep } from './support/workflows.ts';

/*
 * Quotas (issue 4, point 4): API calls beyond a plan's included calls get 402 (API tiers pay overage),
 * runs beyond the plan's runs per month are held in `quota_exceeded` and released by a plan change or
 * a new period. On PGlite and PostgreSQL (TEST_DATABASE_URL), with in-process counters and with Redis
 * (TEST_REDIS_URL; a set but unreachable URL fails the suite).
 */

const redisUrls: (string | undefined)[] = process.env.TEST_REDIS_URL ? [undefined, process.env.TEST_REDIS_URL] : [undefined];
const TRIAL_CALLS = 12;
const catalogFile = writeTestCatalog({
  trialIncludedCalls: TRIAL_CALLS,
  plans: { launch: { runsPerMonth: 3, includedCalls: 1000 }, growth: { runsPerMonth: 8, includedCalls: 1000 } },
  apiTierIncludedCalls: { api_developer: 5 },
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function checkRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`TEST_REDIS_URL (${url}) is set but Redis does not answer: ${(error as Error).message}`);
  }
  return redis;
}

for (const kind of databaseKinds()) {
  for (const redisUrl of redisUrls) {
    describe(`quotas on ${kind} with ${redisUrl ? 'Redis' : 'in-process'} counters`, () => {
      const prefix = `levqor-test:${randomBytes(6).toString('hex')}:`;
      let redis: Redis | undefined;
      let levqor: TestLevqor;
      let defaultId: string;

      before(async () => {
        if (redisUrl) redis = await checkRedis(redisUrl);
        levqor = await startTestLevqor(kind, {
          env: { LEVQOR_PLANS_CATALOG: catalogFile, LEVQOR_REDIS_PREFIX: prefix, LEVQOR_QUOTA_REFRESH_MS: '200', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
        });
        assert.equal(levqor.meter.counterKind, redisUrl ? 'redis' : 'memory');
        defaultId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
        // The default workspace runs on Launch (3 runs a month in the test catalog) from today.
        await setPlan(defaultId, 'launch');
      });

      after(async () => {
        await levqor?.close();
        if (redis) {
          const keys = await redis.keys(`${prefix}*`);
          if (keys.length) await redis.del(...keys);
          redis.disconnect();
        }
      });

      /** Puts a workspace on a plan with its period starting now (billing may have created the row already). */
      async function setPlan(workspaceId: string, planId: string): Promise<void> {
        await levqor.database.db
          .insertInto('workspace_billing')
          .values({ workspace_id: workspaceId, plan_id: planId, period_start: new Date() })
          .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ plan_id: planId, period_start: new Date() }))
          .execute();
      }

      async function signup(name: string): Promise<{ client: SessionClient; workspaceId: string }> {
        const client = new SessionClient(levqor.server!);
        const made = await client.signup(`quota-${randomBytes(4).toString("hex")}@example.com`, undefined, name);
        assert.equal(made.status, 201, JSON.stringify(made.body));
        client.workspace = made.body.workspace.slug;
        return { client, workspaceId: made.body.workspace.id };
      }

      test('a trial workspace that used its included calls gets 402 with the limit, reset date and how to upgrade; usage, plans and billing stay open', async () => {
        const { client, workspaceId } = await signup('Trial Co');
        const workflowsBefore = await levqor.database.db.selectFrom('workflows').select(sql<string>`count(*)::text`.as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
        for (let i = 0; i < TRIAL_CALLS; i++) {
          const answer = await client.request('GET', '/api/v1/workflows');
          assert.equal(answer.status, 200, `call ${i + 1}: ${JSON.stringify(answer.body)}`);
          await settle();
        }
        const refused = await client.request('GET', '/api/v1/workflows');
        assert.equal(refused.status, 402, JSON.stringify(refused.body));
        const usage = await client.request('GET', '/api/v1/usage');
        assert.equal(usage.status, 200);
        const reset = usage.body.reset_date as string;
        assert.equal(refused.body.error.code, 'quota_exceeded');
        assert.match(refused.body.error.message, new RegExp(`the ${TRIAL_CALLS} API calls per month included in the Trial`));
        assert.match(refused.body.error.message, new RegExp(`resets on ${reset.slice(0, 10)}`));
        // No Stripe here: a self-hosted install, whose operator lifts the limit from the shell.
        assert.match(refused.body.error.message, /on this self-hosted install the operator lifts the limit with "levqor billing set-plan <plan> --workspace [a-z0-9-]+"/);
        assert.match(refused.body.error.message, /GET \/api\/v1\/plans/);
        assert.deepEqual(
          { metric: refused.body.error.details.metric, limit: refused.body.error.details.limit, used: refused.body.error.details.used, reset: refused.body.error.details.reset_date, plan: refused.body.error.details.plan.id },
          { metric: 'calls', limit: TRIAL_CALLS, used: TRIAL_CALLS, reset, plan: 'trial' },
        );
        // Bad input gets the same answer and changes nothing.
        const write = await client.request('POST', '/api/v1/workflows', { name: 'blocked', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform' }] });
        assert.equal(write.status, 402);
        const workflowsAfter = await levqor.database.db.selectFrom('workflows').select(sql<string>`count(*)::text`.as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
        assert.equal(workflowsAfter.n, workflowsBefore.n);
        // What is needed to fix it stays open.
        assert.equal(usage.body.calls_used, TRIAL_CALLS, 'refused calls are not counted');
        assert.equal(usage.body.calls_remaining, 0);
        assert.equal((await client.request('GET', '/api/v1/plans')).status, 200);
        assert.equal((await client.request('GET', '/api/v1/me')).status, 200);
        assert.equal((await client.request('GET', '/api/v1/workspaces')).status, 200);
        const billing = await client.request('GET', '/api/v1/billing');
        assert.notEqual(billing.status, 402, JSON.stringify(billing.body));
        await settle();
        await levqor.meter.flush();
        const ledger = await levqor.database.db.selectFrom('usage_daily').select(sql<string>`sum(calls)::text`.as('n')).where('workspace_id', '=', workspaceId).where('category', '=', 'workflows').executeTakeFirstOrThrow();
        assert.equal(Number(ledger.n), TRIAL_CALLS, 'the ledger holds the calls let through, not the refused ones');
        // Another workspace is not affected.
        assert.equal((await levqor.api('GET', '/api/v1/workflows')).status, 200);
        // A plan change lifts the refusal at once.
        await setPlan(workspaceId, 'growth');
        await levqor.quotas.planChanged(workspaceId);
        assert.equal((await client.request('GET', '/api/v1/workflows')).status, 200);
      });

      test('an API tier workspace past its included calls keeps working and is billed overage', async () => {
        const { client, workspaceId } = await signup('Tier Co');
        await setPlan(workspaceId, 'api_developer');
        await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, apiKeyId: null, category: 'workflows', day: utcDay(new Date()), calls: 1_000 }] });
        for (let i = 0; i < 3; i++) assert.equal((await client.request('GET', '/api/v1/workflows')).status, 200);
        await settle();
        const usage = (await client.request('GET', '/api/v1/usage')).body;
        assert.equal(usage.calls_used, 1_003);
        assert.equal(usage.calls_included, 5);
        assert.equal(usage.overage_calls, 998);
        assert.ok(usage.overage_cost.amount > 0);
      });

      test('runs beyond the plan are held in quota_exceeded, visible, not executed; a plan change releases them and they succeed', async () => {
        const db = levqor.database.db;
        const manual = await levqor.api('POST', '/api/v1/workflows', { name: 'quota manual', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', with: { set: { ok: true } } }] });
        assert.equal(manual.status, 201, JSON.stringify(manual.body));
        const ran: string[] = [];
        for (let i = 0; i < 3; i++) {
          const started = await levqor.api('POST', `/api/v1/workflows/${manual.body.id}/run`, {});
          assert.deepEqual(Object.keys(started.body), ['runId']);
          ran.push(started.body.runId);
        }
        for (const id of ran) assert.equal((await levqor.waitForRun(id)).status, 'succeeded');
        const held = await levqor.api('POST', `/api/v1/workflows/${manual.body.id}/run`, {});
        assert.equal(held.status, 202);
        assert.equal(held.body.status, 'quota_exceeded');
        assert.match(held.body.message, /3 runs per month included in the Launch plan/);
        assert.ok(Date.parse(held.body.reset_date) > Date.now());

        const asyncHook = await levqor.api('POST', '/api/v1/workflows', { name: 'quota async', trigger: { type: 'webhook', path: 'quota-async', respond: 'async' }, steps: [{ id: 'a', type: 'transform', with: { set: { ok: true } } }] });
        const syncHook = await levqor.api('POST', '/api/v1/workflows', { name: 'quota sync', trigger: { type: 'webhook', path: 'quota-sync', respond: 'sync' }, steps: [{ id: 'r', type: 'respond', with: { body: { ok: true } } }] });
        for (const id of [asyncHook.body.id, syncHook.body.id]) assert.equal((await levqor.api('POST', `/api/v1/workflows/${id}/activate`)).status, 200);
        const viaAsync = await levqor.server!.inject({ method: 'POST', url: '/hooks/default/quota-async', payload: { n: 1 } });
        assert.equal(viaAsync.statusCode, 202);
        assert.equal(viaAsync.json().status, 'quota_exceeded');
        const viaSync = await levqor.server!.inject({ method: 'POST', url: '/hooks/default/quota-sync', payload: { n: 2 }, headers: { 'idempotency-key': 'held-sync-1' } });
        assert.equal(viaSync.statusCode, 402, viaSync.body);
        assert.equal(viaSync.json().error.code, 'quota_exceeded');
        const syncRunId = viaSync.json().error.details.runId as string;
        assert.match(viaSync.json().error.message, new RegExp(`stored as run ${syncRunId}`));
        // The same request again is answered from the held run at once (no second run, no wait for a timeout).
        const repeated = await levqor.server!.inject({ method: 'POST', url: '/hooks/default/quota-sync', payload: { n: 2 }, headers: { 'idempotency-key': 'held-sync-1' } });
        assert.deepEqual([repeated.statusCode, repeated.json().error.code, repeated.json().error.details.runId], [402, 'quota_exceeded', syncRunId], repeated.body);

        // A schedule slot fired beyond the quota is held too.
        const schedule = await levqor.api('POST', '/api/v1/workflows', { name: 'quota cron', trigger: { type: 'schedule', cron: '* * * * *', timezone: 'UTC' }, steps: [{ id: 's', type: 'transform' }] });
        assert.equal((await levqor.api('POST', `/api/v1/workflows/${schedule.body.id}/activate`)).status, 200);
        await db.updateTable('workflows').set({ schedule_next_at: new Date(Date.now() - 1000) }).where('id', '=', schedule.body.id).execute();
        const scheduler = new Scheduler({ db, tickMs: 60_000, missedSlots: 'run-once', missedAfterMs: 60_000, onQueued: () => {}, admission: levqor.quotas.admission });
        assert.equal(await scheduler.tick(), 0, 'nothing queued: the slot was held');

        const heldIds = [held.body.runId, viaAsync.json().runId, syncRunId];
        const listed = await levqor.api('GET', '/api/v1/runs?status=quota_exceeded&limit=50');
        assert.equal(listed.status, 200);
        assert.equal(listed.body.items.length, 4);
        assert.ok(heldIds.every((id) => listed.body.items.some((r: { id: string }) => r.id === id)));
        const detail = await levqor.api('GET', `/api/v1/runs/${held.body.runId}`);
        assert.equal(detail.body.status, 'quota_exceeded');
        assert.match(detail.body.message, /starts on its own/);
        assert.deepEqual(detail.body.steps, [], 'a held run executed nothing');
        assert.ok(detail.body.heldAt);
        // No worker claims a held run.
        await levqor.worker!.nudge();
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal((await levqor.api('GET', `/api/v1/runs/${held.body.runId}`)).body.status, 'quota_exceeded');
        const usage = (await levqor.api('GET', '/api/v1/usage')).body;
        assert.deepEqual([usage.runs_used, usage.runs_remaining, usage.runs_held], [3, 0, 4]);

        // Upgrade: Growth has 8 runs, so all four held runs go, oldest first.
        await db.updateTable('workspace_billing').set({ plan_id: 'growth' }).where('workspace_id', '=', defaultId).execute();
        assert.equal(await levqor.quotas.planChanged(defaultId), 4);
        assert.equal(await levqor.quotas.planChanged(defaultId), 0, 'a second release finds nothing held');
        for (const id of heldIds) assert.equal((await levqor.waitForRun(id)).status, 'succeeded');
        const released = (await levqor.api('GET', '/api/v1/usage')).body;
        assert.deepEqual([released.runs_used, released.runs_remaining, released.runs_held], [7, 1, 0]);
      });

      test('held runs are released when the period rolls over (injected clock), up to the new period\'s quota', async () => {
        const db = levqor.database.db;
        await db.updateTable('workspace_billing').set({ plan_id: 'launch' }).where('workspace_id', '=', defaultId).execute();
        await levqor.quotas.planChanged(defaultId);
        const wf = await levqor.api('POST', '/api/v1/workflows', { name: 'quota rollover', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform' }] });
        const heldIds: string[] = [];
        for (let i = 0; i < 5; i++) {
          const started = await levqor.api('POST', `/api/v1/workflows/${wf.body.id}/run`, {});
          assert.equal(started.body.status, 'quota_exceeded');
          heldIds.push(started.body.runId);
        }
        const catalog = loadPlansCatalog(catalogFile);
        const usage = (await levqor.api('GET', '/api/v1/usage')).body;
        const nextPeriod = new Date(Date.parse(usage.reset_date) + 3_600_000);
        // This process's releaser still sees the current period: nothing to release.
        assert.equal(await levqor.quotas.releaser.scan(), 0);
        const plans = new WorkspacePlans(db, catalog, 60_000, () => nextPeriod);
        const releaser = new QuotaReleaser({ db, plans, runs: new RunQuota({ db, plans, refreshMs: 60_000 }), scanMs: 60_000, onReleased: () => levqor.worker!.nudge() });
        assert.equal(await releaser.scan(), 3, 'Launch allows 3 runs in the new period');
        for (const id of heldIds.slice(0, 3)) assert.equal((await levqor.waitForRun(id)).status, 'succeeded', 'oldest first');
        for (const id of heldIds.slice(3)) assert.equal((await levqor.api('GET', `/api/v1/runs/${id}`)).body.status, 'quota_exceeded');
        assert.equal(await releaser.scan(), 0, 'the new period is full');
        const counted = await db.selectFrom('runs').select('counted_at').where('id', 'in', heldIds.slice(0, 3)).execute();
        assert.ok(counted.every((r) => r.counted_at!.getTime() === nextPeriod.getTime()), 'released runs count in the period they were released in');
        // Cancelling a held run drops it.
        const cancelled = await levqor.api('POST', `/api/v1/runs/${heldIds[4]}/cancel`);
        assert.equal(cancelled.status, 202);
        assert.equal((await levqor.api('GET', `/api/v1/runs/${heldIds[4]}`)).body.status, 'cancelled');
      });

      test('a step reporting more tokens than the column holds still succeeds; the count is not recorded', async () => {
        if (!levqor.registry.get('test_tokens_huge')) {
          levqor.registry.register({
            type: 'test_tokens_huge',
            description: 'reports an absurd token count (tests only)',
            sideEffect: false,
            schema: z.object({}),
            run: async () => ({ output: { ok: true }, usage: { tokens: 3_000_000_000 } }),
          });
        }
        const { client } = await signup('Huge Tokens Co');
        const made = await client.request('POST', '/api/v1/workflows', { name: 'huge tokens', trigger: { type: 'manual' }, steps: [{ id: 'ask', type: 'test_tokens_huge' }] });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const runId = (await client.request('POST', `/api/v1/workflows/${made.body.id}/run`, {})).body.runId;
        let run: { status: string } = { status: 'queued' };
        for (let tries = 0; tries < 250 && !['succeeded', 'failed', 'cancelled'].includes(run.status); tries++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          run = await levqor.database.db.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirstOrThrow();
        }
        assert.equal(run.status, 'succeeded', JSON.stringify(run));
        assert.equal((await client.request('GET', '/api/v1/usage')).body.tokens_used, 0);
      });

      test('a step reports tokens: stored with its record, summed in usage, per day and per workflow', async () => {
        if (!levqor.registry.get('test_tokens')) levqor.registry.register(testTokensStep());
        const { client } = await signup('Tokens Co');
        const made = await client.request('POST', '/api/v1/workflows', {
          name: 'tokens',
          trigger: { type: 'manual' },
          steps: [{ id: 'ask', type: 'test_tokens', with: { tokens: 120 } }, { id: 'plain', type: 'transform' }, { id: 'again', type: 'test_tokens', with: { tokens: '{{ steps.ask.reported + 3 }}' } }],
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const runIds: string[] = [];
        for (let i = 0; i < 2; i++) runIds.push((await client.request('POST', `/api/v1/workflows/${made.body.id}/run`, {})).body.runId);
        for (const id of runIds) {
          for (let tries = 0; ; tries++) {
            const run = await client.request('GET', `/api/v1/runs/${id}`);
            if (run.body.status === 'succeeded') {
              assert.deepEqual(run.body.steps.map((step: { stepId: string; tokens?: number }) => [step.stepId, step.tokens]), [['ask', 120], ['plain', undefined], ['again', 123]]);
              break;
            }
            assert.ok(tries < 200, `run ${id} did not succeed: ${JSON.stringify(run.body)}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
        const usage = (await client.request('GET', '/api/v1/usage')).body;
        assert.equal(usage.tokens_used, 2 * 243);
        const history = (await client.request('GET', '/api/v1/usage/history?days=2')).body;
        assert.equal(history.days.at(-1).tokens, 2 * 243);
        assert.deepEqual(history.by_workflow.map((w: { workflow_id: string; tokens: number }) => [w.workflow_id, w.tokens]), [[made.body.id, 2 * 243]]);
      });
    });
  }
}

for (const kind of databaseKinds()) {
  describe(`the API-call quota on ${kind} while Redis is unreachable`, () => {
    let levqor: TestLevqor;

    before(async () => {
      // Nothing listens on port 1: every Redis command fails, as during an outage.
      levqor = await startTestLevqor(kind, { env: { LEVQOR_PLANS_CATALOG: catalogFile, REDIS_URL: 'redis://127.0.0.1:1', LEVQOR_REDIS_PREFIX: `levqor-test:${randomBytes(6).toString('hex')}:` } });
    });

    after(async () => {
      await levqor?.close();
    });

    test('calls are checked against the ledger instead: let through under the limit, 402 over it, never 500', async () => {
      assert.equal(levqor.meter.counterKind, 'redis');
      const workspaceId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
      const under = await levqor.api('GET', '/api/v1/workflows');
      assert.equal(under.status, 200, JSON.stringify(under.body));
      await settle();
      await levqor.meter.flush();
      await applyUsageBatch(levqor.database.db, { id: randomUUID(), deltas: [{ workspaceId, day: utcDay(new Date()), apiKeyId: null, category: 'workflows', calls: TRIAL_CALLS }] });
      levqor.quotas.calls.invalidate(workspaceId);
      const over = await levqor.api('GET', '/api/v1/workflows');
      assert.deepEqual([over.status, over.body.error?.code], [402, 'quota_exceeded'], JSON.stringify(over.body));
    });
  });
}

for (const kind of databaseKinds()) {
  describe(`releasing held runs on ${kind} when more than a page of workspaces hold runs`, () => {
    let levqor: TestLevqor;

    before(async () => {
      levqor = await startTestLevqor(kind, { env: { LEVQOR_PLANS_CATALOG: catalogFile } });
    });

    after(async () => {
      await levqor?.close();
    });

    test('a workspace with room is released even when 1,000 others hold runs they have no room for', async () => {
      const db = levqor.database.db;
      const wf = await levqor.api('POST', '/api/v1/workflows', { name: 'held everywhere', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform' }] });
      assert.equal(wf.status, 201, JSON.stringify(wf.body));
      // 1,000 trial workspaces that used their 3 runs (test catalog) and hold one more each.
      await sql`insert into workspaces (slug, name) select 'full-' || n, 'Full ' || n from generate_series(1, 1000) n`.execute(db);
      await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, counted_at)
        select gen_random_uuid(), w.id, ${wf.body.id}::uuid, 1, 'succeeded', '{}'::jsonb, now() from workspaces w, generate_series(1, 3) where w.slug like 'full-%'`.execute(db);
      await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, held_at, counted_at)
        select gen_random_uuid(), w.id, ${wf.body.id}::uuid, 1, 'quota_exceeded', '{}'::jsonb, now(), null from workspaces w where w.slug like 'full-%'`.execute(db);
      // One more workspace, last in any order (created last, greatest id), with room for its held run.
      const roomy = (await sql<{ id: string }>`insert into workspaces (id, slug, name) values ('ffffffff-ffff-4fff-bfff-ffffffffffff', 'roomy', 'Roomy') returning id`.execute(db)).rows[0].id;
      await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, held_at, counted_at)
        values (gen_random_uuid(), ${roomy}::uuid, ${wf.body.id}::uuid, 1, 'quota_exceeded', '{}'::jsonb, now(), null)`.execute(db);
      const plans = new WorkspacePlans(db, loadPlansCatalog(catalogFile), 60_000);
      const releaser = new QuotaReleaser({ db, plans, runs: new RunQuota({ db, plans, refreshMs: 60_000 }), scanMs: 60_000, onReleased: () => {} });
      assert.equal(await releaser.scan(), 1);
      const held = await db.selectFrom('runs').select('status').where('workspace_id', '=', roomy).executeTakeFirstOrThrow();
      assert.equal(held.status, 'queued');
    });
  });
}
