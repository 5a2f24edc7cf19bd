import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool } from 'kysely';
import { markConnectionError } from './database-unavailable.ts';
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

/** Opening a PostgreSQL connection fails after this instead of hanging the request that needs it. */
export const CONNECT_TIMEOUT_MS = 5000;
/** Idle time on a connection before TCP keepalive probes start checking that the server is still there. */
const KEEPALIVE_DELAY_MS = 10_000;

export interface DatabaseEvents {
  /** A PostgreSQL connection dropped (restart, failover, network): it is replaced on next use. */
  onConnectionLost?: (error: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, events: DatabaseEvents = {}): Promise<OpenedDatabase> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize, events);
  return openPglite(target.dataDir);
}

async function openPostgres(url: string, poolSize: number, events: DatabaseEvents): Promise<OpenedDatabase> {
  const pg = await import('pg');
  const { Pool, Client, types } = pg.default;
  // Counts and sums arrive as int8; they fit comfortably in a double for every figure we keep.
  types.setTypeParser(20, (value: string) => Number(value));
  // Opening a connection (TCP and handshake) gives up after CONNECT_TIMEOUT_MS: a failed-over or
  // unreachable host answers a request with 503 instead of holding it. Set on the client, not the pool,
  // whose option would also limit the wait for a free connection and refuse work under load.
  class BoundedConnectClient extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    }
  }
  // keepAlive: a connection whose server vanished without closing it (a failed-over host) is found dead
  // by TCP probes after KEEPALIVE_DELAY_MS idle plus the system's probe interval, not kept for ever.
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'levqor',
    Client: BoundedConnectClient,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  });
  const lost = (error: Error) => {
    // The same error object rejects the statements in flight on this connection.
    markConnectionError(error);
    events.onConnectionLost?.(error);
  };
  // The pool listens for errors only on idle clients. A client that is checked out (between the
  // statements of a transaction, say) emits its connection's end as an 'error' event with no listener,
  // which would end the process on every database restart. The statement in flight rejects by itself,
  // and a client that errored is discarded when released; this listener only keeps the process alive.
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', () => {
    // An idle client lost its connection (reported above); the pool replaces it on the next checkout.
  });
  // A connection that could not be opened is the database's failure (see markConnectionError).
  const markedPool: PostgresPool = {
    Client: BoundedConnectClient,
    options: pool.options,
    connect: () => pool.connect().catch((error: unknown) => Promise.reject(markConnectionError(error))),
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: markedPool }) });
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
