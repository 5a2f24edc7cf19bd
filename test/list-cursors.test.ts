import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const UUID = '0b6f1a2e-5c3d-4e7f-8a9b-1c2d3e4f5a6b';
const TIME = '2024-05-01T10:00:00.000Z';

/** Cursors a client might forge or mangle: none of them was written by the server. */
const FORGED_POSITIONS: Record<string, string> = {
  'garbage, not base64url': '%%%not*base64%%%',
  'base64url padded with =': `${b64(`${TIME}|${UUID}`)}==`,
  'a bare number': '12345',
  'base64url of a number': b64('12345'),
  'base64url of bad JSON': b64('{"s":"-createdAt","v":'),
  'base64url of bytes that are not text': Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64url'),
  'no separator': b64(`${TIME}${UUID}`),
  'a bad date': b64(`2024-13-45T99:99:99.000Z|${UUID}`),
  'a date beyond year 9999': b64(`${new Date(8.64e15).toISOString()}|${UUID}`),
  'a date as a number': b64(`1714557600000|${UUID}`),
  'a date without time': b64(`2024-05-01|${UUID}`),
  'a non-uuid id': b64(`${TIME}|not-a-uuid`),
  'an id of 36 dashes': b64(`${TIME}|${'-'.repeat(36)}`),
  'an id as a number': b64(`${TIME}|42`),
  'three parts': b64(`${TIME}|${UUID}|extra`),
};

const FORGED_ROWS: Record<string, string> = {
  'garbage, not base64url': '!!',
  'base64url of bad JSON': b64('{"s":'),
  'base64url of a number': b64('42'),
  'base64url of an array': b64('[1,2]'),
  'another sort': b64(JSON.stringify({ s: 'score', v: 1, id: UUID })),
  'a bad date': b64(JSON.stringify({ s: '-createdAt', v: 'yesterday', id: UUID })),
  'a date as a number': b64(JSON.stringify({ s: '-createdAt', v: 1714557600000, id: UUID })),
  'a non-uuid id': b64(JSON.stringify({ s: '-createdAt', v: TIME, id: 'row-1' })),
  'an id of 36 dashes': b64(JSON.stringify({ s: '-createdAt', v: TIME, id: '-'.repeat(36) })),
  'an id as a number': b64(JSON.stringify({ s: '-createdAt', v: TIME, id: 7 })),
};

function assertRefused(answer: { status: number; body: any }, what: string) {
  assert.equal(answer.status, 400, `${what}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body.error.code, 'invalid_cursor', what);
  assert.match(answer.body.error.message, /^cursor is not valid: .+; use the nextCursor value from a previous page$/, what);
  assert.equal(answer.body.error.details[0].path, 'querystring.cursor', what);
}

for (const kind of databaseKinds()) {
  describe(`forged list cursors answer 400 invalid_cursor on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind);
      for (const name of ['one', 'two']) {
        const made = await levqor.api('POST', '/api/v1/workflows', { name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
        assert.equal(made.status, 201);
      }
      assert.equal((await levqor.api('POST', '/api/v1/tables', { name: 'people', columns: [{ name: 'score', type: 'number' }, { name: 'vip', type: 'boolean' }] })).status, 201);
      for (const score of [1, 2, 3]) assert.equal((await levqor.api('POST', '/api/v1/tables/people/rows', { data: { score, vip: score > 1 } })).status, 201);
    });
    after(async () => {
      await levqor?.close();
    });

    for (const path of ['/api/v1/workflows', '/api/v1/runs', '/api/v1/audit']) {
      test(`${path}: every forged position is refused, and a real cursor still pages`, async () => {
        for (const [what, cursor] of Object.entries(FORGED_POSITIONS)) {
          assertRefused(await levqor.api('GET', `${path}?cursor=${encodeURIComponent(cursor)}`), `${path} with ${what}`);
        }
        assert.equal((await levqor.api('GET', `${path}?cursor=${b64(`${TIME}|${UUID}`)}`)).status, 200, 'a well-formed position of no row is a page');
      });
    }

    test('the workflow list pages with the cursors it writes', async () => {
      const first = await levqor.api('GET', '/api/v1/workflows?limit=1');
      const second = await levqor.api('GET', `/api/v1/workflows?limit=1&cursor=${first.body.nextCursor}`);
      assert.equal(second.status, 200);
      assert.notEqual(second.body.items[0].id, first.body.items[0].id);
    });

    test('name cursors (tables, secrets, templates) refuse what is not base64url of a name', async () => {
      const forged = { garbage: '%%%', padded: `${b64('people')}=`, 'not text': Buffer.from([0xff, 0xfe]).toString('base64url'), 'a bad name': b64('People Table!'), 'a number': b64('1') };
      for (const path of ['/api/v1/tables', '/api/v1/secrets', '/api/templates']) {
        for (const [what, cursor] of Object.entries(forged)) {
          assertRefused(await levqor.api('GET', `${path}?cursor=${encodeURIComponent(cursor)}`), `${path} with ${what}`);
        }
      }
      assert.equal((await levqor.api('GET', `/api/v1/tables?cursor=${b64('people')}`)).status, 200);
    });

    test('row cursors refuse forged positions for every sort, and real ones page', async () => {
      for (const [what, cursor] of Object.entries(FORGED_ROWS)) {
        assertRefused(await levqor.api('GET', `/api/v1/tables/people/rows?cursor=${encodeURIComponent(cursor)}`), `rows with ${what}`);
      }
      const byScore = (v: unknown) => b64(JSON.stringify({ s: 'score', v, id: UUID }));
      for (const v of ['three', true, {}]) assertRefused(await levqor.api('GET', `/api/v1/tables/people/rows?sort=score&cursor=${byScore(v)}`), `score cursor ${JSON.stringify(v)}`);
      const byVip = b64(JSON.stringify({ s: 'vip', v: 'yes', id: UUID }));
      assertRefused(await levqor.api('GET', `/api/v1/tables/people/rows?sort=vip&cursor=${byVip}`), 'vip cursor "yes"');
      const first = await levqor.api('GET', '/api/v1/tables/people/rows?sort=score&limit=2');
      const rest = await levqor.api('GET', `/api/v1/tables/people/rows?sort=score&limit=2&cursor=${first.body.nextCursor}`);
      assert.deepEqual(rest.body.items.map((r: { data: { score: number } }) => r.data.score), [3]);
      const newest = await levqor.api('GET', '/api/v1/tables/people/rows?limit=1');
      assert.equal((await levqor.api('GET', `/api/v1/tables/people/rows?limit=1&cursor=${newest.body.nextCursor}`)).body.items.length, 1);
    });
  });
}
