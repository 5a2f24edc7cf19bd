import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { retentionDaysOf, RetentionPurger } from '../src/metering/retention.ts';
import { countCountedRuns } from '../src/metering/run-counts.ts';
import { periodAt } from '../src/metering/usage-service.ts';
import { databaseKinds, type TestDatabase } from './support/databases.ts';
import { createCliDatabase, type CliDatabase } from './support/cli-database.ts';
import { runCli } from './support/run-cli.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';
import { testTokensStep } from './support/workflows.ts';

/*
 * Run-history retention (issue 4, point 3): runs older than the plan keeps are deleted with their steps,
 * usage numbers stay the same. Rows are backdated instead of waiting.
 */

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

async function backdate(levqor: TestLevqor, runId: string, days: number, counted = true): Promise<void> {
  const at = daysAgo(days);
  const db = levqor.database.db;
  await db.updateTable('runs').set({ created_at: at, finished_at: at, started_at: at, counted_at: counted ? at : null }).where('id', '=', runId).execute();
  await db.updateTable('run_steps').set({ started_at: at, finished_at: at }).where('run_id', '=', runId).execute();
}

/** Usage answers without API calls (each GET itself is a call) and what depends on the plan (changed between purges). */
async function usageNumbers(levqor: TestLevqor) {
  const report = (await levqor.api('GET', '/api/v1/usage')).body;
  const history = (await levqor.api('GET', '/api/v1/usage/history?days=60')).body;
  return {
    report: { runs_used: report.runs_used, runs_held: report.runs_held, tokens_used: report.tokens_used, period_start: report.period_start },
    days: history.days.map((d: { day: string; runs: number; steps: number; tokens: number }) => ({ day: d.day, runs: d.runs, steps: d.steps, tokens: d.tokens })),
    byWorkflow: history.by_workflow,
  };
}

async function runIdsOf(levqor: TestLevqor, workspaceId: string): Promise<string[]> {
  const rows = await levqor.database.db.selectFrom('runs').select('id').where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => r.id).sort();
}

for (const kind of databaseKinds()) {
  describe(`run-history retention (${kind})`, () => {
    let levqor: TestLevqor;
    let workspaceId: string;
    let workflowId: string;
    const runs: Record<string, string> = {};

    before(async () => {
      levqor = await startTestLevqor(kind);
      levqor.registry.register(testTokensStep());
      const made = await levqor.api('POST', '/api/v1/workflows', {
        name: 'kept or purged',
        trigger: { type: 'manual' },
        steps: [{ id: 'ask', type: 'test_tokens', with: { tokens: 7 } }, { id: 'plain', type: 'transform', with: { set: { ok: true } } }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      workflowId = made.body.id;
      workspaceId = (await levqor.database.db.selectFrom('workflows').select('workspace_id').where('id', '=', workflowId).executeTakeFirstOrThrow()).workspace_id;
      // The current period started 20 days ago: runs of 10 days ago count in it but are past Launch's 7 days.
      await levqor.database.db.insertInto('workspace_billing').values({ workspace_id: workspaceId, plan_id: 'growth', period_start: daysAgo(20) }).execute();
      for (const name of ['old1', 'old2', 'mid1', 'mid2', 'young', 'waiting', 'held']) {
        const started = await levqor.api('POST', `/api/v1/workflows/${workflowId}/run`, {});
        assert.equal(started.status, 202, JSON.stringify(started.body));
        runs[name] = started.body.runId;
        await levqor.waitForRun(runs[name]);
      }
      for (const name of ['old1', 'old2', 'waiting']) await backdate(levqor, runs[name], 40);
      for (const name of ['mid1', 'mid2']) await backdate(levqor, runs[name], 10);
      await backdate(levqor, runs.young, 2);
      await backdate(levqor, runs.held, 40, false);
      // Not ended, however old: a parked run and a run held by the run quota.
      const db = levqor.database.db;
      await db.updateTable('runs').set({ status: 'waiting', ready_at: daysAgo(-365), wake_at: daysAgo(-365) }).where('id', '=', runs.waiting).execute();
      await db.updateTable('runs').set({ status: 'quota_exceeded', ready_at: null, held_at: daysAgo(40) }).where('id', '=', runs.held).execute();
    });
    after(async () => levqor.close());

    test('retention per plan: the trial and unknown plans keep the first plan\'s, API tiers the longest', () => {
      const catalog = levqor.quotas.plans.catalog;
      assert.deepEqual(['trial', 'launch', 'growth', 'scale', 'agency', 'api_developer', 'retired'].map((id) => retentionDaysOf(catalog, id)), [7, 7, 30, 90, 365, 365, 7]);
    });

    test('a longer plan keeps more; ended runs past retention go with their steps, usage does not change', async () => {
      const before = await usageNumbers(levqor);
      // The 10-day-old runs are in the current period: 3 runs counted (mid1, mid2, young), 7 tokens each.
      assert.equal(before.report.runs_used, 3);
      assert.equal(before.report.tokens_used, 21);
      assert.equal(before.report.runs_held, 1);

      const purger = new RetentionPurger({ db: levqor.database.db, catalog: levqor.quotas.plans.catalog, intervalMs: 0 });
      const growth = await purger.purge();
      assert.deepEqual(growth.map((p) => [p.workspaceId, p.planId, p.retentionDays, p.runs]), [[workspaceId, 'growth', 30, 2]]);
      assert.deepEqual(await runIdsOf(levqor, workspaceId), [runs.mid1, runs.mid2, runs.young, runs.waiting, runs.held].sort());
      assert.deepEqual(await usageNumbers(levqor), before);

      await levqor.database.db.updateTable('workspace_billing').set({ plan_id: 'launch' }).where('workspace_id', '=', workspaceId).execute();
      const launch = await purger.purge();
      assert.deepEqual(launch.map((p) => [p.planId, p.retentionDays, p.runs]), [['launch', 7, 2]]);
      assert.deepEqual(await runIdsOf(levqor, workspaceId), [runs.young, runs.waiting, runs.held].sort());
      const steps = await levqor.database.db.selectFrom('run_steps').select('run_id').where('run_id', 'in', [runs.old1, runs.old2, runs.mid1, runs.mid2]).execute();
      assert.equal(steps.length, 0, 'the steps of purged runs are deleted');
      assert.equal((await levqor.api('GET', `/api/v1/runs/${runs.mid1}`)).status, 404);
      assert.equal((await levqor.api('GET', `/api/v1/runs/${runs.young}`)).status, 200);
      assert.deepEqual(await usageNumbers(levqor), before, 'usage and history are the same after the purge');
      // The run quota counts the purged runs of the period too.
      assert.equal(await countCountedRuns(levqor.database.db, workspaceId, periodAt(new Date(before.report.period_start), new Date())), before.report.runs_used);

      assert.deepEqual(await purger.purge(), [], 'a second round finds nothing');
    });

    test('two purgers at once delete each run once and never fail', async () => {
      const db = levqor.database.db;
      // 40 ended runs of 30 days ago, copied from the young run with its steps.
      await sql`
        with copies as (
          insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at, started_at, finished_at, updated_at, counted_at)
          select gen_random_uuid(), workspace_id, workflow_id, workflow_version, status, trigger, now() - interval '30 days', now() - interval '30 days', now() - interval '30 days', now(), now() - interval '30 days'
          from runs, generate_series(1, 40) where id = ${runs.young}::uuid
          returning id, workspace_id)
        insert into run_steps (run_id, key, workspace_id, step_id, type, seq, status, input, output, error, attempts, next, started_at, finished_at, tokens)
        select c.id, s.key, s.workspace_id, s.step_id, s.type, s.seq, s.status, s.input, s.output, s.error, s.attempts, s.next, now() - interval '30 days', now() - interval '30 days', s.tokens
        from copies c cross join run_steps s where s.run_id = ${runs.young}::uuid`.execute(db);
      const before = await usageNumbers(levqor);
      const catalog = levqor.quotas.plans.catalog;
      const purgers = [0, 1].map(() => new RetentionPurger({ db, catalog, intervalMs: 0, batchSize: 7, maxBatches: 100 }));
      const rounds = await Promise.all(purgers.map((p) => p.purge()));
      const deleted = rounds.flat().reduce((sum, p) => sum + p.runs, 0);
      assert.equal(deleted, 40);
      assert.deepEqual(await runIdsOf(levqor, workspaceId), [runs.young, runs.waiting, runs.held].sort());
      assert.deepEqual(await usageNumbers(levqor), before);
    });

    test('a dry run counts without deleting', async () => {
      await backdate(levqor, runs.young, 9);
      const purger = new RetentionPurger({ db: levqor.database.db, catalog: levqor.quotas.plans.catalog, intervalMs: 0 });
      const dry = await purger.dryRun();
      assert.deepEqual(dry.map((p) => p.runs), [1]);
      assert.equal((await levqor.api('GET', `/api/v1/runs/${runs.young}`)).status, 200);
    });
  });
}

describe('levqor runs purge', () => {
  let cli: CliDatabase;
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  let runId: string;
  let levqor: TestLevqor | undefined;

  before(async () => {
    cli = await createCliDatabase('levqor-purge-cli-');
    ({ database, env } = cli);
    levqor = await startTestLevqor(database.name, { database });
    const flow = await levqor.api('POST', '/api/v1/workflows', { name: 'old news', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', with: { set: { ok: true } } }] });
    runId = (await levqor.api('POST', `/api/v1/workflows/${flow.body.id}/run`, {})).body.runId;
    await levqor.waitForRun(runId);
    await backdate(levqor, runId, 8);
    // The embedded database serves one process: the CLI opens it after the server stops.
    await levqor.close();
  });
  after(async () => cli?.dispose());

  test('--dry-run prints what would go and deletes nothing; without it the run is deleted', async () => {
    const dry = await runCli(['runs', 'purge', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /workspace default \(trial, keeps 7 days\): would delete 1 run\(s\) ended before /);
    assert.match(dry.stdout, /nothing was deleted/);
    const again = await runCli(['runs', 'purge', '--dry-run', '--json'], env);
    assert.equal(JSON.parse(again.stdout).workspaces[0].runs, 1, 'still there after the dry run');

    const real = await runCli(['runs', 'purge'], env);
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /workspace default \(trial, keeps 7 days\): deleted 1 run\(s\)/);
    const last = await runCli(['runs', 'purge'], env);
    assert.match(last.stdout, /Nothing to delete/);
    assert.ok(runId);
  });
});
