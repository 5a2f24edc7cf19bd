import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { analyticsQueries, windowStart } from '../src/store/runs/run-analytics.ts';
import { queueQueries } from '../src/store/runs/workspace-queue.ts';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * GET /api/v1/analytics/runs and GET /api/v1/workspace/health on PGlite and PostgreSQL, against runs
 * written with known times, statuses and durations. The process runs no worker and no scheduler, so
 * nothing moves the runs under the test; on PostgreSQL the analytics queries' plans are checked with
 * EXPLAIN over 10,000 runs of the workspace among 40,000.
 */

const DAY_MS = 86_400_000;
const todayStart = () => Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

for (const kind of databaseKinds()) {
  describe(`run analytics and workspace health on ${kind}`, () => {
    let levqor: TestLevqor;
    let workspaceId: string;
    let otherWorkspaceId: string;
    const workflows: Record<string, string> = {};

    /** Inserts `count` runs of a workflow, `daysAgo` UTC days back (one hour into that day), lasting `durationMs`. */
    async function insertRuns(workspace: string, workflowId: string, count: number, status: string, daysAgo: number, durationMs: ((i: number) => number) | null) {
      const db = levqor.database.db;
      for (let i = 0; i < count; i++) {
        const created = new Date(todayStart() - daysAgo * DAY_MS + 3_600_000 + i * 1000);
        const duration = durationMs?.(i);
        await db.insertInto('runs').values({
          id: randomUUID(), workspace_id: workspace, workflow_id: workflowId, workflow_version: 1, status: status as 'failed', trigger: '{}',
          created_at: created, started_at: duration === undefined ? null : created, finished_at: duration === undefined ? null : new Date(created.getTime() + duration),
          ready_at: status === 'queued' ? created : null,
        }).execute();
      }
    }
    const analytics = async (query = '') => {
      const answer = await levqor.api('GET', `/api/v1/analytics/runs${query}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body;
    };

    before(async () => {
      levqor = await startTestLevqor(kind, { roles: { worker: false, scheduler: false } });
      const db = levqor.database.db;
      for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot']) {
        const created = await levqor.api('POST', '/api/v1/workflows', { name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        workflows[name] = created.body.id;
      }
      workspaceId = (await db.selectFrom('workflows').select('workspace_id').where('id', '=', workflows.Alpha).executeTakeFirstOrThrow()).workspace_id;
      otherWorkspaceId = (await db.insertInto('workspaces').values({ slug: 'elsewhere', name: 'Elsewhere' }).returning('id').executeTakeFirstOrThrow()).id;
      workflows.Other = (await db.insertInto('workflows').values({ workspace_id: otherWorkspaceId, name: 'Theirs', current_version: 1, trigger_type: 'manual' }).returning('id').executeTakeFirstOrThrow()).id;
    });

    after(async () => {
      await levqor?.close();
    });

    test('an empty workspace: every day of the window at zero, no rate, no percentiles, no failing workflows', async () => {
      const empty = await analytics('?days=7');
      assert.equal(empty.days.length, 7);
      assert.deepEqual(empty.days.map((d: any) => d.total), [0, 0, 0, 0, 0, 0, 0]);
      assert.equal(empty.to, new Date(todayStart()).toISOString().slice(0, 10));
      assert.equal(empty.from, new Date(todayStart() - 6 * DAY_MS).toISOString().slice(0, 10));
      assert.deepEqual([empty.success_rate, empty.duration_ms, empty.top_failing, empty.totals.runs], [null, { p50: null, p95: null }, [], 0]);
      assert.equal((await analytics()).days.length, 30, 'the default window is 30 days');
    });

    test('runs per day by status, success rate, p50/p95 and top failing workflows come from the database, for this workspace only', async () => {
      const { Alpha, Bravo, Charlie, Delta, Echo, Foxtrot, Other } = workflows;
      await insertRuns(workspaceId, Alpha, 6, 'failed', 1, () => 2000);
      await insertRuns(workspaceId, Bravo, 5, 'failed', 2, () => 2000);
      await insertRuns(workspaceId, Charlie, 4, 'failed', 0, () => 2000);
      await insertRuns(workspaceId, Delta, 3, 'failed', 10, () => 2000);
      await insertRuns(workspaceId, Echo, 2, 'failed', 0, () => 2000);
      await insertRuns(workspaceId, Foxtrot, 1, 'failed', 0, () => 2000);
      await insertRuns(workspaceId, Alpha, 10, 'succeeded', 0, (i) => (i + 1) * 1000);
      await insertRuns(workspaceId, Bravo, 1, 'cancelled', 0, () => 500);
      await insertRuns(workspaceId, Bravo, 1, 'queued', 0, null);
      await insertRuns(workspaceId, Charlie, 3, 'succeeded', 40, () => 100);
      await insertRuns(otherWorkspaceId, Other, 50, 'failed', 0, () => 9_000_000);
      await levqor.database.db.updateTable('workflows').set({ deleted_at: new Date() }).where('id', '=', Foxtrot).execute();

      const week = await analytics('?days=7');
      assert.equal(week.days.length, 7);
      const byDay = Object.fromEntries(week.days.map((d: any) => [d.day, d]));
      const day = (ago: number) => byDay[new Date(todayStart() - ago * DAY_MS).toISOString().slice(0, 10)];
      const todays = [500, ...Array(7).fill(2000), ...Array.from({ length: 10 }, (_, i) => (i + 1) * 1000)];
      assert.deepEqual(day(0), {
        day: day(0).day, total: 19, by_status: { succeeded: 10, failed: 7, cancelled: 1, queued: 1 }, success_rate: 10 / 18,
        duration_ms: { p50: Math.round(percentile(todays, 0.5)), p95: Math.round(percentile(todays, 0.95)) },
      });
      assert.deepEqual([day(1).by_status, day(1).success_rate, day(1).duration_ms], [{ failed: 6 }, 0, { p50: 2000, p95: 2000 }]);
      assert.deepEqual([day(2).by_status, day(3).total, day(3).success_rate, day(3).duration_ms], [{ failed: 5 }, 0, null, { p50: null, p95: null }]);
      assert.deepEqual(week.totals, { runs: 30, finished: 29, succeeded: 10, failed: 18, cancelled: 1 });
      assert.equal(week.success_rate, 10 / 29);
      const durations = [500, ...Array(18).fill(2000), ...Array.from({ length: 10 }, (_, i) => (i + 1) * 1000)];
      assert.deepEqual(week.duration_ms, { p50: Math.round(percentile(durations, 0.5)), p95: Math.round(percentile(durations, 0.95)) });
      assert.deepEqual(week.top_failing.map((w: any) => [w.name, w.failures, w.deleted]), [['Alpha', 6, false], ['Bravo', 5, false], ['Charlie', 4, false], ['Echo', 2, false], ['Foxtrot', 1, true]]);
      assert.equal(week.top_failing[0].workflow_id, Alpha);

      const month = await analytics('?days=30');
      assert.equal(month.days.length, 30);
      assert.deepEqual(month.top_failing.map((w: any) => [w.name, w.failures]), [['Alpha', 6], ['Bravo', 5], ['Charlie', 4], ['Delta', 3], ['Echo', 2]], 'five at most');
      assert.equal(month.totals.runs, 33);
      const quarter = await analytics('?days=90');
      assert.deepEqual([quarter.days.length, quarter.totals.runs, quarter.totals.succeeded], [90, 36, 13]);
    });

    test('a window other than 7, 30 or 90 days is refused naming the field', async () => {
      for (const days of ['14', 'week', '0']) {
        const answer = await levqor.api('GET', `/api/v1/analytics/runs?days=${days}`);
        assert.equal(answer.status, 400, days);
        assert.equal(answer.body.error.code, 'validation_failed');
        assert.equal(answer.body.error.details[0].path, 'querystring.days');
      }
      const answer = await levqor.api('GET', '/api/v1/analytics/runs?days=14');
      assert.match(answer.body.error.message, /querystring\.days: must be one of: 7, 30, 90/);
      assert.equal((await levqor.api('GET', '/api/v1/analytics/runs?day=7')).status, 400, 'an unknown parameter is not silently ignored');
    });

    test('workspace health: this workspace\'s queue and its oldest run, workers seen by their leases, late schedules, the load tier', async () => {
      const db = levqor.database.db;
      const health = async () => {
        const answer = await levqor.api('GET', '/api/v1/workspace/health');
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return answer.body;
      };
      // The queued run of the previous test (today, 01:00 + 0 s) and one queued ten minutes ago, plus others' queue.
      const tenMinutesAgo = new Date(Date.now() - 600_000);
      await db.insertInto('runs').values({ id: randomUUID(), workspace_id: workspaceId, workflow_id: workflows.Alpha, workflow_version: 1, status: 'queued', trigger: '{}', created_at: tenMinutesAgo, ready_at: tenMinutesAgo }).execute();
      await insertRuns(otherWorkspaceId, workflows.Other, 3, 'queued', 5, null);
      const oldestQueued = new Date(Math.min(tenMinutesAgo.getTime(), todayStart() + 3_600_000));

      const stuck = await health();
      assert.deepEqual([stuck.api.ok, stuck.database.ok], [true, true]);
      assert.equal(typeof stuck.database.latency_ms, 'number');
      assert.deepEqual([stuck.queue.queued, stuck.queue.oldest_queued_at, stuck.queue.held], [2, oldestQueued.toISOString(), 0]);
      assert.ok(Math.abs(stuck.queue.oldest_queued_age_s - (Date.now() - oldestQueued.getTime()) / 1000) < 5);
      assert.deepEqual(stuck.workers, { in_this_process: false, seen: 0 });
      assert.deepEqual(stuck.scheduler, { in_this_process: false, late_schedules: 0, ok: true });
      assert.equal(stuck.load.tier, 'low');
      assert.equal(stuck.status, 'degraded');
      assert.match(stuck.problems.join(' '), /oldest queued run has waited \d+ s and no worker is seen/);

      // A worker elsewhere holds a live lease (on another workspace's run): runs are being taken.
      const leaseEnd = new Date(Date.now() + 60_000);
      await db.insertInto('runs').values({
        id: randomUUID(), workspace_id: otherWorkspaceId, workflow_id: workflows.Other, workflow_version: 1, status: 'running', trigger: '{}',
        lease_owner: 'worker-host:42:abcd', lease_token: randomUUID(), lease_expires_at: leaseEnd, ready_at: leaseEnd, started_at: new Date(),
      }).execute();
      // A schedule of this workspace five minutes late: the scheduler is not firing it.
      await db.updateTable('workflows').set({ active: true, schedule_next_at: new Date(Date.now() - 300_000) }).where('id', '=', workflows.Bravo).execute();
      await db.updateTable('workflows').set({ active: true, schedule_next_at: new Date(Date.now() - 300_000) }).where('id', '=', workflows.Other).execute();
      const late = await health();
      assert.deepEqual(late.workers, { in_this_process: false, seen: 1 });
      assert.deepEqual(late.scheduler, { in_this_process: false, late_schedules: 1, ok: false });
      assert.deepEqual(late.problems, ['1 schedule(s) are more than 2 minutes late']);

      await db.updateTable('workflows').set({ schedule_next_at: new Date(Date.now() + 60_000) }).where('id', '=', workflows.Bravo).execute();
      const fine = await health();
      assert.deepEqual([fine.status, fine.problems], ['ok', []]);
    });

    if (kind === 'postgres') {
      test('EXPLAIN: over 10,000 runs of the workspace among 40,000, every analytics query reads the workspace\'s window through an index', async () => {
        const db = levqor.database.db;
        await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at, started_at, finished_at)
          select gen_random_uuid(), ${workspaceId}::uuid, ${workflows.Alpha}::uuid, 1, case when i % 10 = 0 then 'failed' else 'succeeded' end, '{}'::jsonb,
            now() - make_interval(secs => i * 777), now() - make_interval(secs => i * 777), now() - make_interval(secs => i * 777) + interval '2 seconds'
          from generate_series(1, 10000) as i`.execute(db);
        await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at, started_at, finished_at)
          select gen_random_uuid(), ${otherWorkspaceId}::uuid, ${workflows.Other}::uuid, 1, 'succeeded', '{}'::jsonb, now() - make_interval(secs => i * 259), now() - make_interval(secs => i * 259), now() - make_interval(secs => i * 259)
          from generate_series(1, 30000) as i`.execute(db);
        await sql`analyze runs`.execute(db);
        for (const days of [7, 30]) {
          const queries = analyticsQueries(workspaceId, windowStart(days));
          for (const [name, query] of Object.entries(queries)) {
            const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(db);
            const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
            assert.doesNotMatch(plan, /Seq Scan on runs/, `${name} over ${days} days:\n${plan}`);
            assert.match(plan, /Index (Only )?Scan.* on runs|Bitmap Index Scan on runs_/, `${name} over ${days} days:\n${plan}`);
          }
        }
        const week = await analytics('?days=7');
        assert.ok(week.totals.runs > 700, String(week.totals.runs));
        // The health endpoint's queue reads: the queue through runs_queued (migration 018), leases through runs_ready.
        const queue = queueQueries(workspaceId, 120_000);
        const planOf = async (query: (typeof queue)[keyof typeof queue]) => (await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.match(await planOf(queue.queued), /runs_queued/);
        assert.match(await planOf(queue.held), /runs_held/);
        assert.match(await planOf(queue.leaseOwners), /runs_ready/);
      });
    }
  });
}
