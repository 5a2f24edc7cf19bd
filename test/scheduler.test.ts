import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Scheduler, type MissedSlotPolicy } from '../src/queue/scheduler.ts';
import { openDatabase, type OpenedDatabase } from '../src/store/open-database.ts';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const everyMinute = (name: string) => ({ name, trigger: { type: 'schedule', cron: '* * * * *', timezone: 'UTC' }, steps: [{ id: 's', type: 'transform', with: { set: { slot: '{{ trigger.slot }}' } } }] });

for (const kind of databaseKinds()) {
  describe(`schedules on ${kind}`, () => {
    let levqor: TestLevqor;
    const extraConnections: OpenedDatabase[] = [];
    before(async () => {
      levqor = await startTestLevqor(kind);
    });
    after(async () => {
      for (const connection of extraConnections) await connection.close();
      await levqor?.close();
    });

    async function scheduleDueAt(name: string, due: Date): Promise<string> {
      const created = await levqor.api('POST', '/api/v1/workflows', everyMinute(name));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`)).status, 200);
      await levqor.database.db.updateTable('workflows').set({ schedule_next_at: due }).where('id', '=', created.body.id).execute();
      return created.body.id;
    }

    const runsOf = async (workflowId: string) =>
      levqor.database.db.selectFrom('runs').select(['id', 'dedupe_key', 'trigger']).where('workflow_id', '=', workflowId).execute();

    function scheduler(db = levqor.database.db, missedSlots: MissedSlotPolicy = 'run-once') {
      return new Scheduler({ db, tickMs: 60_000, missedSlots, missedAfterMs: 60_000, onQueued: () => levqor.worker?.nudge() });
    }

    test('activating a schedule plans its next slot in the schedule\'s time zone', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'monday report',
        trigger: { type: 'schedule', cron: '0 9 * * MON', timezone: 'Europe/London' },
        steps: [{ id: 's', type: 'transform' }],
      });
      const activated = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`);
      const next = new Date(activated.body.scheduleNextAt);
      assert.ok(next > new Date());
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next);
      assert.equal(local, 'Mon 09:00');
      const deactivated = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/deactivate`);
      assert.equal(deactivated.body.scheduleNextAt, null);
    });

    test('a due slot fires exactly once however many schedulers tick at the same moment', async () => {
      const slot = new Date(Date.now() - 1000);
      const workflowId = await scheduleDueAt('racing schedulers', slot);
      const handles = [levqor.database.db];
      if (kind === 'postgres') {
        for (let i = 0; i < 3; i++) {
          const opened = await openDatabase(levqor.db.target);
          extraConnections.push(opened);
          handles.push(opened.db);
        }
      }
      const schedulers = handles.flatMap((db) => [scheduler(db), scheduler(db)]);
      const queued = await Promise.all(schedulers.map((s) => s.tick()));
      assert.equal(queued.reduce((a, b) => a + b, 0), 1);
      const runs = await runsOf(workflowId);
      assert.equal(runs.length, 1);
      assert.equal(runs[0].dedupe_key, `cron:${slot.toISOString()}`);
      const { rows } = await sql<{ schedule_next_at: Date }>`select schedule_next_at from workflows where id = ${workflowId}::uuid`.execute(levqor.database.db);
      assert.ok(new Date(rows[0].schedule_next_at) > new Date(), 'the schedule moved on to a future slot');
      await levqor.waitForRun(runs[0].id);
    });

    test('slots missed while down collapse into one run with run-once', async () => {
      const workflowId = await scheduleDueAt('missed run-once', new Date(Date.now() - 10 * 60_000));
      assert.equal(await scheduler().tick(), 1);
      assert.equal(await scheduler().tick(), 0);
      const runs = await runsOf(workflowId);
      assert.equal(runs.length, 1);
      assert.equal((runs[0].trigger as { missed: boolean }).missed, true);
    });

    test('slots missed while down are dropped with skip', async () => {
      const workflowId = await scheduleDueAt('missed skip', new Date(Date.now() - 10 * 60_000));
      assert.equal(await scheduler(levqor.database.db, 'skip').tick(), 0);
      assert.equal((await runsOf(workflowId)).length, 0);
      const { rows } = await sql<{ schedule_next_at: Date }>`select schedule_next_at from workflows where id = ${workflowId}::uuid`.execute(levqor.database.db);
      assert.ok(new Date(rows[0].schedule_next_at) > new Date());
    });

    test('an every-second schedule starts runs on its own that succeed with their slot', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'every second',
        trigger: { type: 'schedule', cron: '* * * * * *' },
        steps: [{ id: 's', type: 'transform', with: { set: { slot: '{{ trigger.slot }}' } } }],
      });
      await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`);
      const ticking = scheduler();
      const timer = setInterval(() => void ticking.tick(), 200);
      try {
        const deadline = Date.now() + 5000;
        let succeeded: { output: { slot: string } } | undefined;
        while (!succeeded && Date.now() < deadline) {
          const list = await levqor.api('GET', `/api/v1/runs?workflowId=${created.body.id}&status=succeeded`);
          succeeded = list.body.items[0];
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(succeeded, 'a scheduled run succeeded within 5 s');
        assert.match(succeeded.output.slot, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      } finally {
        clearInterval(timer);
        await levqor.api('POST', `/api/v1/workflows/${created.body.id}/deactivate`);
        await ticking.stop();
      }
    });
  });
}
