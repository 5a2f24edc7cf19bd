import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../src/store/open-database.ts';
import { BENCH_BODY } from './bench-workflow.ts';

export interface BenchDatabase {
  env: Record<string, string>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  verify(workflowId: string): Promise<{ total: number; complete: number }>;
  enqueueBacklog(workflowId: string, count: number): Promise<void>;
  waitUntilDrained(workflowId: string): Promise<void>;
  dispose(): Promise<void>;
}

/** A scratch database for one benchmark round; the bench opens it itself between server runs. */
export async function openBenchDatabase(kind: 'pglite' | 'postgres'): Promise<BenchDatabase> {
  let target: Parameters<typeof openDatabase>[0];
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'levqor-bench-'));
    target = { kind: 'pglite', dataDir: dir };
    env = { LEVQOR_DATA_DIR: dir };
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `levqor_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    target = { kind: 'postgres', url: url.toString(), poolSize: 4 };
    // Every process of a PostgreSQL deployment shares one master key.
    env = { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: '20', LEVQOR_MASTER_KEY: randomBytes(32).toString('hex') };
    dispose = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  let opened: OpenedDatabase | undefined;
  const db = () => {
    if (!opened) throw new Error('bench database is not connected');
    return opened.db;
  };
  return {
    env,
    async connect() {
      opened = await openDatabase(target);
    },
    async disconnect() {
      await opened?.close();
      opened = undefined;
    },
    async verify(workflowId) {
      const { rows } = await sql<{ total: number; complete: number }>`
        select count(*)::int as total,
          count(*) filter (where r.status = 'succeeded' and (select count(*) from run_steps s where s.run_id = r.id) = 3)::int as complete
        from runs r where r.workflow_id = ${workflowId}::uuid`.execute(db());
      return rows[0];
    },
    async enqueueBacklog(workflowId, count) {
      await sql`
        insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, ready_at)
        select gen_random_uuid(), w.workspace_id, w.id, w.current_version, 'queued',
          jsonb_build_object('type', 'webhook', 'body', ${BENCH_BODY}::text::jsonb, 'seq', g), now()
        from workflows w, generate_series(1, ${count}) g
        where w.id = ${workflowId}::uuid`.execute(db());
    },
    async waitUntilDrained(workflowId) {
      for (;;) {
        const { rows } = await sql<{ left: number }>`
          select count(*)::int as left from runs where workflow_id = ${workflowId}::uuid and status in ('queued', 'running')`.execute(db());
        if (rows[0].left === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    dispose: async () => {
      await opened?.close();
      await dispose();
    },
  };
}
