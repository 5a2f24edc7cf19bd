import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import * as initial from './migrations/001-initial.ts';
import * as accounts from './migrations/002-accounts.ts';
import * as secrets from './migrations/003-secrets.ts';
import * as sso from './migrations/004-sso.ts';
import * as dataTables from './migrations/005-data-tables.ts';
import * as usage from './migrations/006-usage.ts';
import * as templateInstalls from './migrations/007-template-installs.ts';
import * as listTimestamps from './migrations/008-list-timestamps.ts';
import * as billing from './migrations/009-billing.ts';
import * as quotas from './migrations/010-quotas.ts';
import * as packImports from './migrations/011-pack-imports.ts';
import * as packEntitlements from './migrations/012-pack-entitlements.ts';
import * as packWorkflowVersions from './migrations/013-pack-workflow-versions.ts';
import * as retention from './migrations/014-retention.ts';
import * as apiKeyCreators from './migrations/015-api-key-creators.ts';
import * as webhookRefusals from './migrations/016-webhook-refusals.ts';
import * as dashboardReferrals from './migrations/018-dashboard-referrals.ts';

/** Migrations in order. Listed here (not read from disk) so the built package carries them. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-accounts': accounts,
  '003-secrets': secrets,
  '004-sso': sso,
  '005-data-tables': dataTables,
  '006-usage': usage,
  '007-template-installs': templateInstalls,
  '008-list-timestamps': listTimestamps,
  '009-billing': billing,
  '010-quotas': quotas,
  '011-pack-imports': packImports,
  '012-pack-entitlements': packEntitlements,
  '013-pack-workflow-versions': packWorkflowVersions,
  '014-retention': retention,
  '015-api-key-creators': apiKeyCreators,
  '016-webhook-refusals': webhookRefusals,
  '018-dashboard-referrals': dashboardReferrals,
};

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  // Most starts find the schema current: one query answers that, instead of the migrator's lock dance.
  if (await isCurrent(db)) return { results: [] };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'levqor_migrations',
    migrationLockTableName: 'levqor_migrations_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(result.error as Error).message ?? result.error}`, { cause: result.error });
  }
  return result;
}

async function isCurrent(db: Kysely<any>): Promise<boolean> {
  const names = Object.keys(MIGRATIONS);
  try {
    const { rows } = await sql<{ applied: number }>`select count(*)::int as applied from levqor_migrations where name = any(${names})`.execute(db);
    return rows[0]?.applied === names.length;
  } catch {
    // No migration table yet: a new database.
    return false;
  }
}
