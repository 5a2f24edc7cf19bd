import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const install = { vars: { searchUrl: 'https://listening.example.com/api/search', query: 'levqor' } };

for (const kind of databaseKinds()) {
  describe(`template install permissions on ${kind}`, () => {
    let levqor: TestLevqor;
    let writeKey: string;
    before(async () => {
      levqor = await startTestLevqor(kind);
      for (const name of ['SEARCH_API_TOKEN', 'SLACK_WEBHOOK']) {
        assert.ok([200, 201].includes((await levqor.api('PUT', `/api/v1/secrets/${name}`, { value: 'https://hooks.example.com/x' })).status));
      }
      writeKey = (await levqor.api('POST', '/api/v1/api-keys', { name: 'writer', scopes: ['write'] })).body.key;
    });
    after(async () => levqor?.close());

    const asWriter = (url: string, body: unknown) => levqor.api('POST', url, body, { authorization: `Bearer ${writeKey}` });

    test('a write-scoped key cannot create the data tables a template needs, and nothing is installed', async () => {
      const refused = await asWriter('/api/v1/templates/social-mention-monitor/install', install);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.match(refused.body.error.message, /creates the data tables social_mentions, which needs admin permission/);
      assert.equal((await levqor.api('GET', '/api/v1/tables/social_mentions')).status, 404);
      assert.equal((await levqor.api('GET', '/api/v1/workflows')).body.items.length, 0);
    });

    test('once an admin has created the tables, a write-scoped key installs the template and reuses them', async () => {
      const admin = await levqor.api('POST', '/api/v1/templates/social-mention-monitor/install', install);
      assert.equal(admin.status, 201, JSON.stringify(admin.body));
      assert.deepEqual(admin.body.tables.created.map((t: { name: string }) => t.name ?? t), ['social_mentions']);
      const again = await asWriter('/api/v1/templates/social-mention-monitor/install', install);
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.deepEqual(again.body.tables.reused, ['social_mentions']);
    });
  });
}
