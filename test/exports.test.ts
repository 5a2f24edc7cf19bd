import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, TEST_API_KEY, type TestLevqor } from './support/test-levqor.ts';

/** Run-history and audit-log exports: a plan feature (Growth and above, API tiers), streamed newest first. */
for (const kind of databaseKinds()) {
  describe(`exports (${kind})`, () => {
    let levqor: TestLevqor;
    let workspaceId: string;
    const setPlan = (planId: string) =>
      levqor.database.db.insertInto('workspace_billing').values({ workspace_id: workspaceId, plan_id: planId })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ plan_id: planId })).execute();
    const text = async (url: string) => {
      const response = await levqor.server!.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_API_KEY}` } });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    };

    before(async () => {
      levqor = await startTestLevqor(kind);
      workspaceId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
      const ok = await levqor.api('POST', '/api/v1/workflows', { name: 'exported', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', with: { set: { ok: true } } }] });
      const failing = await levqor.api('POST', '/api/v1/workflows', { name: 'failing', trigger: { type: 'manual' }, steps: [{ id: 'boom', type: 'fail', with: { message: '=HYPERLINK("http://x.example","click"), "quoted"' } }] });
      for (const id of [ok.body.id, ok.body.id, failing.body.id]) {
        const run = await levqor.api('POST', `/api/v1/workflows/${id}/run`, {});
        await levqor.waitForRun(run.body.runId);
      }
    });
    after(() => levqor?.close());

    test('the trial and plans without exports get 402 plan_limit naming the plans that have them', async () => {
      for (const url of ['/api/v1/runs/export', '/api/v1/audit/export?format=csv']) {
        const refused = await levqor.api('GET', url);
        assert.equal(refused.status, 402, JSON.stringify(refused.body));
        assert.equal(refused.body.error.code, 'plan_limit');
        assert.match(refused.body.error.message, /exports are not part of the Trial; they come with Growth, Scale, Agency/);
        assert.deepEqual(refused.body.error.details, { limit: 'exports', allowed: false, plan: 'trial' });
      }
      await setPlan('launch');
      assert.match((await levqor.api('GET', '/api/v1/runs/export')).body.error.message, /not part of the Launch plan/);
    });

    test('runs export as JSON Lines (as the list shows them) and CSV, newest first, with filters and windows', async () => {
      await setPlan('growth');
      const listed = (await levqor.api('GET', '/api/v1/runs?limit=100')).body.items;
      const jsonl = await text('/api/v1/runs/export');
      assert.equal(jsonl.status, 200, jsonl.body);
      assert.match(String(jsonl.headers['content-type']), /application\/x-ndjson/);
      assert.match(String(jsonl.headers['content-disposition']), /attachment; filename="runs-.*\.jsonl"/);
      const rows = jsonl.body.trim().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual(rows, JSON.parse(JSON.stringify(listed)));

      const csv = await text('/api/v1/runs/export?format=csv');
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(lines[0], 'id,workflow_id,workflow_version,status,dead_letter,attempts,created_at,started_at,finished_at,duration_ms,error_code,error_message,error_step');
      assert.equal(lines.length, 4);
      const failed = lines.find((l) => l.includes(',failed,'))!;
      // A message a spreadsheet would run as a formula is quoted and defused.
      assert.ok(failed.includes(`"'=HYPERLINK(""http://x.example"",""click""), ""quoted"""`), failed);

      const succeeded = (await text('/api/v1/runs/export?status=succeeded')).body.trim().split('\n');
      assert.equal(succeeded.length, 2);
      const older = (await text(`/api/v1/runs/export?until=${encodeURIComponent(rows[1].createdAt)}`)).body.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
      assert.deepEqual(older, rows.filter((r: any) => r.createdAt <= rows[1].createdAt).map((r: any) => r.id), 'at or before until, newest first');
      assert.equal((await text(`/api/v1/runs/export?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).body, '');
      assert.equal((await text('/api/v1/runs/export?status=bogus')).status, 400);
    });

    test('an export longer than a page is complete and in order (keyset paging)', async () => {
      await setPlan('api_developer');
      const db = levqor.database.db;
      const cols = (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'runs' and column_name not in ('id', 'dedupe_key') order by ordinal_position`.execute(db)).rows.map((r) => r.column_name).join(', ');
      await sql.raw(`insert into runs (id, ${cols}) select gen_random_uuid(), ${cols} from (select * from runs where status = 'succeeded' limit 1) r, generate_series(1, 1200)`).execute(db);
      const ids = (await text('/api/v1/runs/export')).body.trim().split('\n').map((l) => JSON.parse(l) as { id: string; createdAt: string });
      assert.equal(ids.length, 1203);
      assert.equal(new Set(ids.map((r) => r.id)).size, 1203);
      for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1].createdAt > ids[i].createdAt || (ids[i - 1].createdAt === ids[i].createdAt && ids[i - 1].id > ids[i].id), `row ${i} out of order`);
    });

    test('the audit log exports as JSON Lines and CSV (admin)', async () => {
      await setPlan('scale');
      for (let i = 0; i < 2; i++) {
        const spare = await levqor.api('POST', '/api/v1/workflows', { name: `spare ${i}`, trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform' }] });
        assert.equal((await levqor.api('DELETE', `/api/v1/workflows/${spare.body.id}`)).status, 204);
      }
      const jsonl = await text('/api/v1/audit/export?action=workflow.delete');
      assert.equal(jsonl.status, 200, jsonl.body);
      const events = jsonl.body.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(events.length, 2);
      assert.ok(events.every((e) => e.action === 'workflow.delete' && e.workspaceId === workspaceId));
      const csv = await text('/api/v1/audit/export?format=csv');
      assert.equal(csv.body.split('\r\n')[0], 'id,created_at,action,actor_type,actor_id,actor_label,target_type,target_id,ip,user_agent,details');
    });
  });
}
