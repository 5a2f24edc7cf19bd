import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiKeyStore } from '../src/store/workspaces/api-key-store.ts';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const LEAD_COLUMNS = [
  { name: 'email', type: 'text', required: true, unique: true },
  { name: 'name', type: 'text' },
  { name: 'score', type: 'number' },
  { name: 'vip', type: 'boolean' },
  { name: 'due', type: 'date' },
  { name: 'meta', type: 'json' },
];

for (const kind of databaseKinds()) {
  describe(`data tables on ${kind}`, () => {
    let levqor: TestLevqor;
    let otherKey: string;
    let readKey: string;
    before(async () => {
      levqor = await startTestLevqor(kind);
      const db = levqor.database.db;
      const keys = new ApiKeyStore(db);
      const other = await levqor.workspaces.create(db, { name: 'Other Co', kind: 'standard', parentId: null, owner: null });
      otherKey = (await keys.create(other.id, { name: 'other', scopes: ['admin'], expiresAt: null, createdBy: null })).key;
      const mine = await db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow();
      readKey = (await keys.create(mine.id, { name: 'reader', scopes: ['read'], expiresAt: null, createdBy: null })).key;
    });
    after(async () => {
      await levqor?.close();
    });

    const createTable = async (name: string, columns: unknown[] = LEAD_COLUMNS) => {
      const created = await levqor.api('POST', '/api/v1/tables', { name, columns });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body;
    };
    const insert = (table: string, data: unknown) => levqor.api('POST', `/api/v1/tables/${table}/rows`, { data });

    test('create, get, list, and refuse a duplicate or badly named table', async () => {
      const table = await createTable('leads');
      assert.deepEqual(table.columns[0], { name: 'email', type: 'text', required: true, unique: true });
      assert.deepEqual(table.columns[1], { name: 'name', type: 'text', required: false, unique: false });
      assert.equal(table.version, 1);
      assert.equal((await levqor.api('POST', '/api/v1/tables', { name: 'leads', columns: [] })).status, 409);
      const bad = await levqor.api('POST', '/api/v1/tables', { name: 'Bad-Name', columns: [] });
      assert.equal(bad.status, 422);
      assert.match(bad.body.error.message, /name: use 1 to 63 lower-case/);
      const reserved = await levqor.api('POST', '/api/v1/tables', { name: 'r', columns: [{ name: 'id', type: 'text' }, { name: 'j', type: 'json', unique: true }] });
      assert.equal(reserved.status, 422);
      assert.match(reserved.body.error.message, /columns\[0\]\.name: "id" is reserved/);
      assert.match(reserved.body.error.message, /columns\[1\]\.unique: json columns cannot be unique/);
      const got = await levqor.api('GET', '/api/v1/tables/leads');
      assert.equal(got.status, 200);
      assert.equal(got.body.rowCount, 0);
      const list = await levqor.api('GET', '/api/v1/tables');
      assert.ok(list.body.items.some((t: { name: string }) => t.name === 'leads'));
      const audit = await levqor.api('GET', '/api/v1/audit?action=table.create');
      assert.ok(audit.body.items.some((e: { target: { id: string } }) => e.target.id === 'leads'));
    });

    test('rows are validated per field on write', async () => {
      await createTable('validated');
      const wrong = await insert('validated', { name: 7, score: 'ten', vip: 'yes', due: '2024-13-40', extra: 1 });
      assert.equal(wrong.status, 422);
      const messages = wrong.body.error.details.map((d: { path: string; message: string }) => `${d.path}: ${d.message}`);
      assert.ok(messages.includes('data.email: required'), messages.join('\n'));
      assert.ok(messages.includes('data.name: expected text (a string)'));
      assert.ok(messages.includes('data.score: expected a number'));
      assert.ok(messages.includes('data.vip: expected a boolean (true or false)'));
      assert.ok(messages.includes('data.due: expected an ISO date (YYYY-MM-DD or a date-time)'));
      assert.ok(messages.some((m: string) => m.startsWith('data.extra: unknown field')));
      const ok = await insert('validated', { email: 'a@x.io', score: 3.5, vip: true, due: '2024-02-29', meta: { tags: ['x'] } });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.data, { email: 'a@x.io', score: 3.5, vip: true, due: '2024-02-29', meta: { tags: ['x'] } });
      const time = await insert('validated', { email: 'b@x.io', due: '2024-03-01T10:00:00+02:00' });
      assert.equal(time.body.data.due, '2024-03-01T08:00:00.000Z');
      const patched = await levqor.api('PATCH', `/api/v1/tables/validated/rows/${ok.body.id}`, { data: { score: null, name: 'Ann' } });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.data, { email: 'a@x.io', name: 'Ann', vip: true, due: '2024-02-29', meta: { tags: ['x'] } });
      const cleared = await levqor.api('PATCH', `/api/v1/tables/validated/rows/${ok.body.id}`, { data: { email: null } });
      assert.equal(cleared.status, 422);
      assert.equal(cleared.body.error.details[0].path, 'data.email');
      const big = await insert('validated', { email: 'big@x.io', name: 'x'.repeat(300 * 1024) });
      assert.equal(big.status, 413);
      const readOnly = await levqor.api('POST', '/api/v1/tables/validated/rows', { data: { email: 'r@x.io' } }, { authorization: `Bearer ${readKey}` });
      assert.equal(readOnly.status, 403);
      assert.equal((await levqor.api('GET', `/api/v1/tables/validated/rows/${ok.body.id}`, undefined, { authorization: `Bearer ${readKey}` })).status, 200);
      assert.equal((await levqor.api('DELETE', `/api/v1/tables/validated/rows/${ok.body.id}`)).status, 204);
      assert.equal((await levqor.api('GET', `/api/v1/tables/validated/rows/${ok.body.id}`)).status, 404);
    });

    test('unique columns refuse duplicates, also under concurrent inserts', async () => {
      await createTable('uniq');
      assert.equal((await insert('uniq', { email: 'dup@x.io' })).status, 201);
      const dup = await insert('uniq', { email: 'dup@x.io' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'unique_violation');
      assert.match(dup.body.error.message, /column "email".*"dup@x\.io" is already used/);
      const results = await Promise.all(Array.from({ length: 8 }, () => insert('uniq', { email: 'race@x.io' })));
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
      const rows = await levqor.api('GET', '/api/v1/tables/uniq/rows?filter[email]=race@x.io');
      assert.equal(rows.body.items.length, 1);
      // A freed value can be used again; updating a row to another row's value is refused.
      const other = await insert('uniq', { email: 'other@x.io' });
      const moved = await levqor.api('PATCH', `/api/v1/tables/uniq/rows/${other.body.id}`, { data: { email: 'dup@x.io' } });
      assert.equal(moved.status, 409);
      assert.equal((await levqor.api('DELETE', `/api/v1/tables/uniq/rows/${rows.body.items[0].id}`)).status, 204);
      assert.equal((await insert('uniq', { email: 'race@x.io' })).status, 201);
    });

    test('upsert by key creates, then updates by merging; concurrent upserts make one row', async () => {
      await createTable('contacts');
      const first = await levqor.api('POST', '/api/v1/tables/contacts/rows/upsert', { key: 'email', data: { email: 'u@x.io', name: 'U', score: 1 } });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.created, true);
      const second = await levqor.api('POST', '/api/v1/tables/contacts/rows/upsert', { key: 'email', data: { email: 'u@x.io', score: 2 } });
      assert.equal(second.status, 200);
      assert.equal(second.body.created, false);
      assert.equal(second.body.id, first.body.id);
      assert.deepEqual(second.body.data, { email: 'u@x.io', name: 'U', score: 2 });
      const notUnique = await levqor.api('POST', '/api/v1/tables/contacts/rows/upsert', { key: 'name', data: { email: 'v@x.io', name: 'V' } });
      assert.equal(notUnique.status, 422);
      assert.match(notUnique.body.error.message, /"name" is not a unique column/);
      const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => levqor.api('POST', '/api/v1/tables/contacts/rows/upsert', { key: 'email', data: { email: 'race@x.io', score: i } })));
      assert.deepEqual(racing.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
      assert.equal(new Set(racing.map((r) => r.body.id)).size, 1);
    });

    test('queries filter, sort and paginate with a cursor', async () => {
      await createTable('invoices', [
        { name: 'number', type: 'text', unique: true },
        { name: 'amount', type: 'number' },
        { name: 'paid', type: 'boolean' },
        { name: 'due', type: 'date' },
        { name: 'customer', type: 'text' },
      ]);
      for (let i = 1; i <= 25; i++) {
        const r = await insert('invoices', { number: `INV-${String(i).padStart(3, '0')}`, amount: i * 10, paid: i % 3 === 0, due: `2024-01-${String(i).padStart(2, '0')}`, ...(i % 5 === 0 ? {} : { customer: i % 2 ? 'Acme Ltd' : 'Globex' }) });
        assert.equal(r.status, 201);
      }
      const q = async (query: string) => {
        const res = await levqor.api('GET', `/api/v1/tables/invoices/rows?${query}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body as { items: { data: Record<string, unknown> }[]; nextCursor: string | null };
      };
      const numbers = (r: { items: { data: Record<string, unknown> }[] }) => r.items.map((i) => i.data.amount);
      assert.deepEqual(numbers(await q('filter[amount][gte]=200&filter[amount][lt]=230&sort=amount')), [200, 210, 220]);
      assert.deepEqual(numbers(await q('filter[paid]=true&filter[amount][lte]=90&sort=-amount')), [90, 60, 30]);
      assert.deepEqual(numbers(await q('filter[customer][contains]=Acme&filter[amount][lt]=60&sort=amount')), [10, 30]);
      assert.deepEqual(numbers(await q('filter[number][in]=INV-002,INV-004&sort=amount')), [20, 40]);
      assert.deepEqual(numbers(await q('filter[due][gt]=2024-01-23&sort=due')), [240, 250]);
      assert.equal((await q('filter[customer][ne]=Globex&filter[amount][lte]=50')).items.length, 3); // 10, 30 and 50 (no customer)
      // Sort by a column with missing values: they come last; pages join up exactly.
      const seen: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await q(`sort=-customer&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.data.number));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 4);
      assert.equal(new Set(seen).size, 25);
      const all = await q('sort=-customer&limit=1000');
      assert.deepEqual(seen, all.items.map((i) => i.data.number));
      assert.equal(all.items[0].data.customer, 'Globex');
      assert.equal(all.items[24].data.customer, undefined);
      // Default order: newest first, paginated.
      const first = await q('limit=10');
      assert.equal(first.items[0].data.number, 'INV-025');
      const second = await q(`limit=10&cursor=${first.nextCursor}`);
      assert.equal(second.items[0].data.number, 'INV-015');
      const badOp = await levqor.api('GET', '/api/v1/tables/invoices/rows?filter[amount][like]=1');
      assert.equal(badOp.status, 400);
      assert.match(badOp.body.error.message, /unknown operator/);
      const badValue = await levqor.api('GET', '/api/v1/tables/invoices/rows?filter[amount][gt]=lots');
      assert.equal(badValue.status, 400);
      assert.match(badValue.body.error.message, /where\.amount\.gt: expected a number/);
      assert.equal((await levqor.api('GET', `/api/v1/tables/invoices/rows?sort=amount&cursor=${first.nextCursor}`)).status, 400);
      assert.equal((await levqor.api('GET', '/api/v1/tables/invoices/rows?limit=1001')).status, 400);
    });

    test('schema changes: add at once; drop and retype need confirm; a failing retype names the rows', async () => {
      await createTable('deals', [{ name: 'title', type: 'text', required: true }, { name: 'value', type: 'text' }]);
      const a = await insert('deals', { title: 'A', value: '100' });
      const b = await insert('deals', { title: 'B', value: 'lots' });
      const added = await levqor.api('PATCH', '/api/v1/tables/deals', { addColumns: [{ name: 'stage', type: 'text' }] });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(added.body.version, 2);
      assert.equal((await insert('deals', { title: 'C', stage: 'won' })).status, 201);
      const required = await levqor.api('PATCH', '/api/v1/tables/deals', { addColumns: [{ name: 'owner', type: 'text', required: true }] });
      assert.equal(required.status, 422);
      assert.match(required.body.error.message, /cannot be required/);

      const unconfirmed = await levqor.api('PATCH', '/api/v1/tables/deals', { changeColumns: [{ name: 'value', type: 'number' }] });
      assert.equal(unconfirmed.status, 409);
      assert.equal(unconfirmed.body.error.code, 'confirmation_required');
      assert.match(unconfirmed.body.error.message, /destructive.*changing column "value" from text to number.*"confirm": "deals"/);
      const failing = await levqor.api('PATCH', '/api/v1/tables/deals', { changeColumns: [{ name: 'value', type: 'number' }], confirm: 'deals' });
      assert.equal(failing.status, 422);
      assert.equal(failing.body.error.code, 'conversion_failed');
      assert.ok(failing.body.error.message.includes(b.body.id));
      assert.deepEqual(failing.body.error.details.rowIds, [b.body.id]);
      assert.equal((await levqor.api('GET', '/api/v1/tables/deals')).body.version, 2);

      await levqor.api('PATCH', `/api/v1/tables/deals/rows/${b.body.id}`, { data: { value: '250' } });
      const retyped = await levqor.api('PATCH', '/api/v1/tables/deals', { changeColumns: [{ name: 'value', type: 'number' }], confirm: 'deals' });
      assert.equal(retyped.status, 200, JSON.stringify(retyped.body));
      assert.equal((await levqor.api('GET', `/api/v1/tables/deals/rows/${a.body.id}`)).body.data.value, 100);

      const drop = await levqor.api('PATCH', '/api/v1/tables/deals', { dropColumns: ['stage'] });
      assert.equal(drop.status, 409);
      assert.match(drop.body.error.message, /dropping column "stage"/);
      assert.equal((await levqor.api('PATCH', '/api/v1/tables/deals', { dropColumns: ['stage'], confirm: 'nope' })).status, 409);
      const dropped = await levqor.api('PATCH', '/api/v1/tables/deals', { dropColumns: ['stage'], confirm: 'deals' });
      assert.equal(dropped.status, 200);
      assert.deepEqual(dropped.body.columns.map((c: { name: string }) => c.name), ['title', 'value']);
      const rows = await levqor.api('GET', '/api/v1/tables/deals/rows?sort=title');
      assert.deepEqual(rows.body.items.map((r: { data: unknown }) => r.data), [{ title: 'A', value: 100 }, { title: 'B', value: 250 }, { title: 'C' }]);
      // Making a column unique checks the existing values.
      await insert('deals', { title: 'A' });
      const unique = await levqor.api('PATCH', '/api/v1/tables/deals', { changeColumns: [{ name: 'title', unique: true }] });
      assert.equal(unique.status, 409);
      assert.match(unique.body.error.message, /cannot be unique/);
      const audit = await levqor.api('GET', '/api/v1/audit?action=table.alter');
      assert.ok(audit.body.items.some((e: { details: { dropped: string[] } }) => e.details.dropped?.includes('stage')));
      const editor = await levqor.api('PATCH', '/api/v1/tables/deals', { addColumns: [{ name: 'x', type: 'text' }] }, { authorization: `Bearer ${readKey}` });
      assert.equal(editor.status, 403);
    });

    test('the table step inserts, upserts, finds and deletes in a workflow run', async () => {
      await createTable('crm_leads', [
        { name: 'email', type: 'text', required: true, unique: true },
        { name: 'name', type: 'text' },
        { name: 'visits', type: 'number' },
      ]);
      const workflow = await levqor.api('POST', '/api/v1/workflows', {
        name: 'lead sync',
        trigger: { type: 'manual' },
        steps: [
          { id: 'add', type: 'table', with: { table: 'crm_leads', action: 'insert', data: { email: '{{ trigger.body.email }}', name: 'First', visits: 1 } } },
          { id: 'up1', type: 'table', with: { table: 'crm_leads', action: 'upsert', key: 'email', data: { email: '{{ trigger.body.email }}', visits: '{{ steps.add.visits + 1 }}' } } },
          { id: 'up2', type: 'table', with: { table: 'crm_leads', action: 'upsert', key: 'email', data: { email: 'new@x.io', name: 'New', visits: 1 } } },
          { id: 'found', type: 'table', with: { table: 'crm_leads', action: 'find', where: { visits: { gte: 2 } } } },
          { id: 'one', type: 'table', with: { table: 'crm_leads', action: 'get', id: '{{ steps.add.id }}' } },
          { id: 'del', type: 'table', with: { table: 'crm_leads', action: 'delete', where: { email: 'new@x.io' } } },
          { id: 'out', type: 'transform', with: { set: { add: '{{ steps.add }}', up1: '{{ steps.up1 }}', up2: '{{ steps.up2 }}', found: '{{ steps.found }}', one: '{{ steps.one }}', del: '{{ steps.del }}' } } },
        ],
      });
      assert.equal(workflow.status, 201, JSON.stringify(workflow.body));
      const started = await levqor.api('POST', `/api/v1/workflows/${workflow.body.id}/run`, { email: 'lead@x.io' });
      const run = await levqor.waitForRun(started.body.runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error ?? run.steps));
      const out = run.output;
      assert.equal(out.add.email, 'lead@x.io');
      assert.match(out.add.createdAt, /^\d{4}-\d{2}-\d{2}T/);
      assert.deepEqual([out.up1.id, out.up1.created, out.up1.visits, out.up1.name], [out.add.id, false, 2, 'First']);
      assert.equal(out.up2.created, true);
      assert.equal(out.found.count, 1);
      assert.equal(out.found.rows[0].email, 'lead@x.io');
      assert.equal(out.one.id, out.add.id);
      assert.deepEqual(out.del, { deleted: 1 });
      const left = await levqor.api('GET', '/api/v1/tables/crm_leads/rows');
      assert.deepEqual(left.body.items.map((r: { data: { email: string } }) => r.data.email), ['lead@x.io']);

      // A second run's insert of the same email fails the step with the unique violation (not retried).
      const again = await levqor.api('POST', `/api/v1/workflows/${workflow.body.id}/run`, { email: 'lead@x.io' });
      const failed = await levqor.waitForRun(again.body.runId);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error.code, 'unique_violation');
      assert.equal(failed.steps[0].attempts, 1);
    });

    test('another workspace cannot see or touch the tables', async () => {
      await createTable('private_stuff', [{ name: 'note', type: 'text' }]);
      const row = await insert('private_stuff', { note: 'secret' });
      const as = { authorization: `Bearer ${otherKey}` };
      for (const [method, url, body] of [
        ['GET', '/api/v1/tables/private_stuff'],
        ['PATCH', '/api/v1/tables/private_stuff', { addColumns: [{ name: 'x', type: 'text' }] }],
        ['DELETE', '/api/v1/tables/private_stuff'],
        ['GET', '/api/v1/tables/private_stuff/rows'],
        ['POST', '/api/v1/tables/private_stuff/rows', { data: { note: 'x' } }],
        ['POST', '/api/v1/tables/private_stuff/rows/upsert', { key: 'note', data: { note: 'x' } }],
        ['GET', `/api/v1/tables/private_stuff/rows/${row.body.id}`],
        ['PATCH', `/api/v1/tables/private_stuff/rows/${row.body.id}`, { data: { note: 'x' } }],
        ['DELETE', `/api/v1/tables/private_stuff/rows/${row.body.id}`],
      ] as [string, string, unknown?][]) {
        const res = await levqor.api(method, url, body, as);
        assert.equal(res.status, 404, `${method} ${url}: ${JSON.stringify(res.body)}`);
      }
      assert.ok(!(await levqor.api('GET', '/api/v1/tables', undefined, as)).body.items.some((t: { name: string }) => t.name === 'private_stuff'));
      // The other workspace may have its own table of the same name, and its runs reach only that one.
      assert.equal((await levqor.api('POST', '/api/v1/tables', { name: 'private_stuff', columns: [{ name: 'note', type: 'text' }] }, as)).status, 201);
      const wf = await levqor.api('POST', '/api/v1/workflows', {
        name: 'peek', trigger: { type: 'manual' },
        steps: [{ id: 'look', type: 'table', with: { table: 'private_stuff', action: 'find' } }],
      }, as);
      const started = await levqor.api('POST', `/api/v1/workflows/${wf.body.id}/run`, {}, as);
      const deadline = Date.now() + 10_000;
      let run;
      do {
        run = (await levqor.api('GET', `/api/v1/runs/${started.body.runId}`, undefined, as)).body;
        if (run.status === 'succeeded' || run.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 20));
      } while (Date.now() < deadline);
      assert.equal(run.status, 'succeeded');
      assert.deepEqual(run.output, { rows: [], count: 0 });
      assert.equal((await levqor.api('GET', `/api/v1/tables/private_stuff/rows/${row.body.id}`)).body.data.note, 'secret');
    });
  });
}
