import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/store/open-database.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  target: DatabaseTarget;
  /** Drops what the test created. */
  dispose(): Promise<void>;
}

/**
 * The databases every suite runs against: embedded PGlite always, PostgreSQL when TEST_DATABASE_URL is
 * set. A set but unreachable TEST_DATABASE_URL fails the suite rather than skipping it.
 */
export function databaseKinds(): ('pglite' | 'postgres')[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function createTestDatabase(kind: 'pglite' | 'postgres', poolSize = 10): Promise<TestDatabase> {
  if (kind === 'pglite') return { name: 'pglite', target: { kind: 'pglite', dataDir: null }, dispose: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `levqor_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL (${adminUrl}) is set but PostgreSQL does not answer: ${(error as Error).message}`);
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    target: { kind: 'postgres', url: url.toString(), poolSize },
    async dispose() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
