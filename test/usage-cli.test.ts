import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestDatabase } from './support/databases.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { createCliDatabase, type CliDatabase } from './support/cli-database.ts';
import { runCli } from './support/run-cli.ts';
import { startTestLevqor } from './support/test-levqor.ts';

describe('levqor usage', () => {
  let cli: CliDatabase;
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  let reported: any;

  before(async () => {
    cli = await createCliDatabase('levqor-usage-cli-');
    ({ database, env } = cli);
    const levqor = await startTestLevqor(database.name, { database });
    const flow = await levqor.api('POST', '/api/v1/workflows', { name: 'counted', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', with: { set: { ok: true } } }] });
    const run = await levqor.api('POST', `/api/v1/workflows/${flow.body.id}/run`, {});
    await levqor.waitForRun(run.body.runId);
    reported = (await levqor.api('GET', '/api/v1/usage')).body;
    await levqor.close();
  });
  after(async () => cli?.dispose());

  test('prints the same numbers as GET /api/v1/usage, as text and as JSON, with a daily history', async () => {
    const json = await runCli(['usage', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    // The GET /api/v1/usage call itself was counted after it answered.
    assert.equal(report.calls_used, reported.calls_used + 1);
    assert.deepEqual([report.plan, report.runs_used, report.period_start, report.reset_date], [reported.plan, 1, reported.period_start, reported.reset_date]);

    const text = await runCli(['usage', '--workspace', 'default', '--days', '2'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /workspace default: Trial \(trial\), period \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    assert.match(text.stdout, new RegExp(`API calls: +${report.calls_used} of 2,000 included, ${(2000 - report.calls_used).toLocaleString('en-US')} left`));
    assert.match(text.stdout, /runs: +1 of 2,000, 1,999 left/);
    assert.equal(text.stdout.match(/^ {2}\d{4}-\d{2}-\d{2} /gm)?.length, 2, 'two days of history');
  });

  test('billing set-plan puts a workspace on a plan by hand (audited); a Stripe-billed one only with --force', async () => {
    const unknown = await runCli(['billing', 'set-plan', 'platinum', '--workspace', 'default'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /plan "platinum" is not in the plans catalog; use one of: trial, launch, growth, scale, agency, api_developer/);
    const set = await runCli(['billing', 'set-plan', 'growth', '--workspace', 'default'], env);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /workspace default: plan "trial" → "growth"/);
    assert.match((await runCli(['billing', 'set-plan', 'growth', '--workspace', 'default'], env)).stdout, /already on "growth"; nothing changed/);
    assert.equal(JSON.parse((await runCli(['usage', '--json'], env)).stdout).plan.id, 'growth');

    const opened = await openDatabase(database.target);
    try {
      const audit = await opened.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'billing.plan_set').execute();
      assert.deepEqual(audit.map((a) => a.details), [{ from: 'trial', to: 'growth' }]);
      await opened.db.updateTable('workspace_billing').set({ stripe_subscription_id: 'sub_test_1' }).execute();
    } finally {
      await opened.close();
    }
    const billed = await runCli(['billing', 'set-plan', 'scale', '--workspace', 'default'], env);
    assert.equal(billed.code, 1);
    assert.match(billed.stderr, /billed by Stripe subscription sub_test_1 \(plan "growth"\); change the plan in the customer portal, or pass --force/);
    assert.equal((await runCli(['billing', 'set-plan', 'scale', '--workspace', 'default', '--force'], env)).code, 0);
    assert.equal(JSON.parse((await runCli(['usage', '--json'], env)).stdout).plan.id, 'scale');
  });

  test('refuses bad options and unknown workspaces with a clear message', async () => {
    const days = await runCli(['usage', '--days', '0'], env);
    assert.equal(days.code, 2);
    assert.match(days.stderr, /--days must be a whole number from 1 to 366/);
    const ghost = await runCli(['usage', '--workspace', 'ghost'], env);
    assert.equal(ghost.code, 1);
    assert.match(ghost.stderr, /workspace "ghost" does not exist/);
  });
});
