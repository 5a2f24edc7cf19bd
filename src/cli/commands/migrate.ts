import { migrateToLatest } from '../../store/migrate.ts';
import { loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { openCliDatabase } from './workspace-database.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply database migrations and exit',
  help: `Usage: levqor migrate

Brings the database (DATABASE_URL, else the embedded one in LEVQOR_DATA_DIR) to the latest schema.
"levqor start" does this too; run it alone before rolling out new versions of workers.`,
  async run(args) {
    parseCommandArgs('migrate', args, {}, false);
    const config = loadCliConfig();
    // Through a server running on the embedded database when there is one (it migrated at its start;
    // a newer CLI's migrations are applied there).
    const database = await openCliDatabase(config, { migrate: false });
    try {
      const result = await migrateToLatest(database.db);
      const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await database.close();
    }
    return 0;
  },
};
