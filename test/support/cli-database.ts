import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface CliDatabase {
  database: TestDatabase;
  /** The environment that points the CLI at the database. */
  env: Record<string, string | undefined>;
  dir: string;
  dispose(): Promise<void>;
}

/**
 * A database a test server and then the CLI open in turn: PostgreSQL when available, else an embedded
 * database on disk that the CLI opens after the server stops.
 */
export async function createCliDatabase(prefix: string): Promise<CliDatabase> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const database: TestDatabase = process.env.TEST_DATABASE_URL
    ? await createTestDatabase('postgres')
    : { name: 'pglite', target: { kind: 'pglite', dataDir: join(dir, 'data') }, dispose: async () => {} };
  const env = database.name === 'postgres' ? { DATABASE_URL: (database.target as { url: string }).url, LEVQOR_DATA_DIR: dir } : { DATABASE_URL: undefined, LEVQOR_DATA_DIR: join(dir, 'data') };
  return {
    database,
    env,
    dir,
    dispose: async () => {
      await database.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
