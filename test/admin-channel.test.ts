import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openChannelDatabase } from '../src/store/channel/channel-dialect.ts';
import { serveDatabaseChannel, type DatabaseChannel } from '../src/store/channel/channel-server.ts';
import { CHANNEL_SOCKET } from '../src/store/channel/wire.ts';
import { openDatabase, type OpenedDatabase } from '../src/store/open-database.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { spawnLevqor, type LevqorProcess } from './support/levqor-process.ts';
import { assertExit, runCli } from './support/run-cli.ts';
import { TEST_API_KEY, TEST_MASTER_KEY } from './support/test-levqor.ts';

/*
 * Admin commands while the server runs on the embedded database (which serves one process): their
 * queries go through the server's local admin channel, a Unix socket in the data directory.
 */

const PACKS = fileURLToPath(new URL('../packs/', import.meta.url));

for (const kind of databaseKinds()) {
  describe(`admin channel over ${kind}`, () => {
    let dir: string;
    let test_db: TestDatabase;
    let database: OpenedDatabase;
    let channel: DatabaseChannel;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'levqor-channel-'));
      test_db = await createTestDatabase(kind);
      database = await openDatabase(test_db.target);
      await sql`create table channel_probe (id int primary key, at timestamptz, data bytea, doc jsonb)`.execute(database.db);
      channel = await serveDatabaseChannel(dir, database.db, (error) => {
        throw error;
      });
    });
    after(async () => {
      await channel?.close();
      await database?.close();
      await test_db?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('queries and transactions run on the server database; dates, bytes and errors come back as they are', async () => {
      assert.equal(statSync(channel.path).mode & 0o777, 0o600, 'only the owner may connect');
      const remote = openChannelDatabase(join(dir, CHANNEL_SOCKET));
      try {
        const at = new Date('2026-12-03T10:00:00.000Z');
        const data = Buffer.from([0, 1, 2, 255]);
        await sql`insert into channel_probe values (1, ${at}, ${data}, ${JSON.stringify({ a: [1, 'x'] })}::jsonb)`.execute(remote);
        const { rows } = await sql<{ id: number; at: Date; data: Buffer; doc: unknown }>`select * from channel_probe`.execute(remote);
        assert.deepEqual(rows, [{ id: 1, at, data, doc: { a: [1, 'x'] } }]);
        assert.ok(rows[0].at instanceof Date);

        const updated = await sql`update channel_probe set id = id`.execute(remote);
        assert.equal(updated.numAffectedRows, 1n);

        await assert.rejects(sql`insert into channel_probe (id) values (1)`.execute(remote), (error: { code?: string; message: string }) => error.code === '23505' && /duplicate key/.test(error.message));

        await assert.rejects(
          remote.transaction().execute(async (tx) => {
            await sql`insert into channel_probe (id) values (2)`.execute(tx);
            const inside = await sql<{ n: number }>`select count(*)::int as n from channel_probe`.execute(tx);
            assert.equal(inside.rows[0].n, 2, 'the transaction sees its own write');
            throw new Error('abandon');
          }),
          /abandon/,
        );
        const rolledBack = await sql<{ n: number }>`select count(*)::int as n from channel_probe`.execute(database.db);
        assert.equal(rolledBack.rows[0].n, 1, 'rolled back on the server');
        await remote.transaction().execute((tx) => sql`insert into channel_probe (id) values (3)`.execute(tx));
        const committed = await sql<{ n: number }>`select count(*)::int as n from channel_probe`.execute(database.db);
        assert.equal(committed.rows[0].n, 2, 'committed on the server');
      } finally {
        await remote.destroy();
      }
    });

    test('a client that goes away inside a transaction leaves nothing behind and does not block the server', async () => {
      const remote = openChannelDatabase(join(dir, CHANNEL_SOCKET));
      const started = remote.transaction().execute(async (tx) => {
        await sql`insert into channel_probe (id) values (10)`.execute(tx);
        await remote.destroy();
        await sql`select 1`.execute(tx);
      });
      await assert.rejects(started, /closed the admin channel/);
      // The server's own queries go on, and the abandoned insert was rolled back.
      for (let i = 0; i < 50; i++) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from channel_probe where id = 10`.execute(database.db);
        if (rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.fail('the abandoned transaction was not rolled back');
    });
  });
}

describe('admin commands while levqor start runs on the embedded database', () => {
  let dir: string;
  let server: LevqorProcess;
  let env: Record<string, string>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'levqor-admin-'));
    env = { LEVQOR_DATA_DIR: join(dir, 'data'), LEVQOR_BOOTSTRAP_API_KEY: TEST_API_KEY, LEVQOR_MASTER_KEY: TEST_MASTER_KEY };
    server = await spawnLevqor(['start'], env, 60_000);
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test('usage, billing set-plan, pack import, runs purge and migrate work without stopping the server; a second start is refused', async () => {
    assert.equal(statSync(join(dir, 'data', CHANNEL_SOCKET)).mode & 0o777, 0o600);
    const usage = await runCli(['usage', '--workspace', 'default'], env);
    assertExit(usage, 0);
    assert.match(usage.stdout, /^workspace default: /);

    const setPlan = await runCli(['billing', 'set-plan', 'growth', '--workspace', 'default'], env);
    assertExit(setPlan, 0);
    assert.match(setPlan.stdout, /plan "\w+" → "growth"/);
    const after = await runCli(['usage', '--workspace', 'default', '--json'], env);
    assertExit(after, 0);
    assert.equal(JSON.parse(after.stdout).plan.id, 'growth');

    const imported = await runCli(['pack', 'import', join(PACKS, 'starter.yaml'), '--set', 'jobApiUrl=https://jobs.example.com', '--no-probe'], env);
    assertExit(imported, 0);
    assert.match(imported.stdout, /Imported /);
    const listed = await fetch(`${server.url}/api/v1/workflows`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    const names = ((await listed.json()) as { items: { name: string }[] }).items.map((w) => w.name);
    assert.ok(names.includes('Submit a job'), `the running server sees the imported workflows: ${names.join(', ')}`);

    const purge = await runCli(['runs', 'purge', '--dry-run'], env);
    assertExit(purge, 0);
    assert.match(purge.stdout, /nothing was deleted|Nothing to delete/);
    const migrate = await runCli(['migrate'], env);
    assertExit(migrate, 0);
    assert.match(migrate.stdout, /The database is up to date\./);

    const second = await runCli(['start'], env);
    assertExit(second, 1);
    assert.match(second.stderr, /^levqor: Levqor is already running on the embedded database in .+ \(process \d+\); stop it first, or set LEVQOR_DATA_DIR to another directory\n$/);
    // The first server still answers.
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
