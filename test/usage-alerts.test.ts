import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { SessionClient } from './support/session-client.ts';
import { writeTestCatalog } from './support/test-catalog.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Usage alerts (issue 4, point 8): the owners of a workspace get one email at 80% and one at 100% of
 * its included calls and runs, once per period, also across restarts; without SMTP nothing is marked
 * sent, so the alert goes out once mail works. PGlite (in a data directory, to survive the restarts)
 * and PostgreSQL; with Redis counters too when TEST_REDIS_URL is set.
 */

const redisUrls: (string | undefined)[] = process.env.TEST_REDIS_URL ? [undefined, process.env.TEST_REDIS_URL] : [undefined];
const catalogFile = writeTestCatalog({ trialIncludedCalls: 10, plans: { launch: { runsPerMonth: 5, includedCalls: 1000 } } });
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A database that outlives one Levqor: PGlite in a data directory, or a PostgreSQL database. */
async function durableDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'postgres') return createTestDatabase('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'levqor-alerts-'));
  return { name: 'pglite', target: { kind: 'pglite', dataDir: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

for (const kind of databaseKinds()) {
  for (const redisUrl of redisUrls) {
    describe(`usage alerts on ${kind} with ${redisUrl ? 'Redis' : 'in-process'} counters`, () => {
      const prefix = `levqor-test:${randomBytes(6).toString('hex')}:`;
      let mail: Awaited<ReturnType<typeof startMailCatcher>>;
      let database: TestDatabase;
      let levqor: TestLevqor | undefined;
      const env = (smtp: boolean) => ({
        LEVQOR_PLANS_CATALOG: catalogFile,
        LEVQOR_USAGE_ALERT_MS: '3600000',
        LEVQOR_REDIS_PREFIX: prefix,
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        ...(smtp ? { SMTP_URL: mail.url, SMTP_FROM: 'Levqor <alerts@example.com>' } : {}),
      });
      const restart = async (smtp: boolean) => {
        await levqor?.close();
        levqor = await startTestLevqor(kind, { env: env(smtp), database });
        return levqor;
      };
      const alertMails = () => mail.mails.filter((m) => /^Subject: Levqor: /m.test(m.raw));

      before(async () => {
        mail = await startMailCatcher();
        database = await durableDatabase(kind);
      });
      after(async () => {
        await levqor?.close();
        await database?.dispose();
        await mail?.close();
      });

      test('80% and 100% of calls and runs mail the owners once each per period, not again after a restart; without SMTP the alert waits', async () => {
        // First process: no SMTP.
        let app = await restart(false);
        let client = new SessionClient(app.server!);
        // The session lives in the database: the same cookie works with the next process.
        const reconnect = () => {
          const next = new SessionClient(app.server!);
          Object.assign(next, { cookies: client.cookies, csrfToken: client.csrfToken, workspace: client.workspace });
          client = next;
        };
        const owner = `owner-${randomBytes(4).toString('hex')}@example.com`;
        const made = await client.signup(owner, undefined, 'Alerted Co');
        assert.equal(made.status, 201, JSON.stringify(made.body));
        client.workspace = made.body.workspace.slug;
        const workspaceId = made.body.workspace.id as string;
        const calls = async (n: number) => {
          for (let i = 0; i < n; i++) assert.equal((await client.request('GET', '/api/v1/workflows')).status, 200);
          await settle();
          await app.meter.flush();
        };

        await calls(8);
        assert.equal(await app.quotas.alerts.checkTouched(), 0, 'no SMTP: nothing sent');
        const waiting = await app.database.db.selectFrom('usage_alerts').selectAll().where('workspace_id', '=', workspaceId).execute();
        assert.deepEqual(waiting.map((r) => [r.metric, r.threshold, r.sent_at]), [['calls', 80, null]], 'the alert is not marked sent');

        // Restart with SMTP: the pending alert goes out once.
        app = await restart(true);
        reconnect();
        app.quotas.alerts.touch(workspaceId);
        assert.equal(await app.quotas.alerts.checkTouched(), 1);
        assert.equal(alertMails().length, 1);
        const first = alertMails()[0];
        assert.deepEqual(first.to, [owner]);
        assert.match(first.raw, /Subject: Levqor: Alerted Co has used 80% of its API calls this month/);
        assert.match(first.text, /Used: 8 of 10 API calls this period/);
        assert.match(first.text, /The period resets on \d{4}-\d{2}-\d{2} at 00:00 UTC/);
        assert.match(first.text, /refused with HTTP 402/);
        assert.match(first.text, /POST \/api\/v1\/billing\/checkout/);
        app.quotas.alerts.touch(workspaceId);
        assert.equal(await app.quotas.alerts.checkTouched(), 0, 'once per period');

        await calls(2);
        assert.equal(await app.quotas.alerts.checkTouched(), 1);
        assert.match(alertMails()[1].raw, /Subject: Levqor: Alerted Co has used all of its API calls this month/);
        assert.match(alertMails()[1].text, /Used: 10 of 10 API calls/);
        assert.equal((await client.request('GET', '/api/v1/workflows')).status, 402, 'what the mail announced');

        // Runs: Launch (5 runs in the test catalog). Four runs are 80%.
        await app.database.db.insertInto('workspace_billing').values({ workspace_id: workspaceId, plan_id: 'launch' })
          .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ plan_id: 'launch' })).execute();
        await app.quotas.planChanged(workspaceId);
        const wf = await client.request('POST', '/api/v1/workflows', { name: 'alerted', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform' }] });
        assert.equal(wf.status, 201, JSON.stringify(wf.body));
        for (let i = 0; i < 4; i++) assert.equal((await client.request('POST', `/api/v1/workflows/${wf.body.id}/run`, {})).status, 202);
        assert.equal(await app.quotas.alerts.checkTouched(), 1);
        const runsMail = alertMails()[2];
        assert.match(runsMail.raw, /Subject: Levqor: Alerted Co has used 80% of its workflow runs this month/);
        assert.match(runsMail.text, /Used: 4 of 5 workflow runs/);
        assert.match(runsMail.text, /held \(status quota_exceeded/);

        // Another restart: nothing is sent again.
        app = await restart(true);
        app.quotas.alerts.touch(workspaceId);
        assert.equal(await app.quotas.alerts.checkTouched(), 0);
        assert.equal(alertMails().length, 3);
        const rows = await app.database.db.selectFrom('usage_alerts').select(['metric', 'threshold', 'recipients']).where('workspace_id', '=', workspaceId).where('sent_at', 'is not', null).orderBy('metric').orderBy('threshold').execute();
        assert.deepEqual(rows.map((r) => [r.metric, r.threshold, r.recipients]), [['calls', 80, 1], ['calls', 100, 1], ['runs', 80, 1]]);
      });

      test("a client workspace's alerts go to the owners of the agency that manages it", async () => {
        const app = levqor ?? (await restart(true));
        const agency = new SessionClient(app.server!);
        const boss = `boss-${randomBytes(4).toString('hex')}@agency.example`;
        assert.equal((await agency.signup(boss, undefined, 'Pixel Agency')).status, 201);
        agency.workspace = (await agency.request('POST', '/api/v1/workspaces', { name: 'Pixel Agency', kind: 'agency' })).body.slug;
        const made = await agency.request('POST', '/api/v1/workspaces', { name: 'Client Bakery', kind: 'client' });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        agency.workspace = made.body.slug;
        for (let i = 0; i < 8; i++) assert.equal((await agency.request('GET', '/api/v1/workflows')).status, 200);
        await settle();
        await app.meter.flush();
        const before = alertMails().length;
        app.quotas.alerts.touch(made.body.id);
        assert.equal(await app.quotas.alerts.checkTouched(), 1);
        const sent = alertMails().slice(before);
        assert.equal(sent.length, 1);
        assert.deepEqual(sent[0].to, [boss]);
        assert.match(sent[0].raw, /Subject: Levqor: Client Bakery has used 80% of its API calls this month/);
      });
    });
  }
}
