import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Human description for start-up logs (never includes credentials). */
  description: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | null };

/** PGlite keeps its buffers in process memory: a small pool keeps idle RSS low. */
const PGLITE_SETTINGS = ['shared_buffers = 32MB', 'wal_buffers = 1MB', 'work_mem = 4MB'];

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize);
  return openPglite(target.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<OpenedDatabase> {
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // Counts and sums arrive as int8; they fit comfortably in a double for every figure we keep.
  types.setTypeParser(20, (value: string) => Number(value));
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'levqor' });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  safe.username = '';
  return { db, kind: 'postgres', description: `PostgreSQL at ${safe.host}${safe.pathname}`, close: () => db.destroy() };
}

async function initialisePglite(dataDir: string): Promise<void> {
  const script = new URL(`./pglite-init-process.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  const child = fork(script, [dataDir, JSON.stringify(PGLITE_SETTINGS)], { stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dataDir} failed (exit ${code})`))));
  });
}

async function openPglite(dataDir: string | null): Promise<OpenedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialisePglite(dataDir);
  }
  const pglite = await PGlite.create(dataDir ?? undefined, {
    postgresqlconf: PGLITE_SETTINGS,
    parsers: { 20: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded database in ${dataDir}` : 'embedded in-memory database',
    close: () => db.destroy(),
  };
}
