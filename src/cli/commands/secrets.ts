import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES } from '../../secrets/envelope.ts';
import { rotateMasterKey, verifyMasterKey } from '../../secrets/master-key-check.ts';
import { MASTER_KEY_FORMAT, formatMasterKey, parseMasterKey } from '../../secrets/master-key-format.ts';
import { masterKeyOf, MasterKeyError, resolveMasterKey, writeTempKeyFile } from '../../secrets/master-key.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { openDatabase } from '../../store/open-database.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';

export const rotateMasterKeyCommand: Command = {
  name: 'secrets rotate-master-key',
  summary: 'Re-wrap every workspace data key with a new master key',
  help: `Usage: levqor secrets rotate-master-key [--new-key KEY]

Loads the current master key as "levqor start" does (LEVQOR_MASTER_KEY, else master.key in
LEVQOR_DATA_DIR), then re-wraps every workspace's data key and the key check with a new master key, in
one transaction. Secret values are not re-encrypted and runs go on meanwhile: running processes keep
the data keys they have unwrapped, but must be restarted with the new key before they unwrap others
(and a process started with the old key stops at start).
  - key from master.key: the new key is written there (mode 0600); the old one is kept in
    master.key.previous.
  - key from LEVQOR_MASTER_KEY: the new key is printed; set LEVQOR_MASTER_KEY to it everywhere and
    restart every process.
With the embedded database, stop Levqor first (it serves one process at a time).
Options:
  --new-key KEY   The new key, 64 hex digits or base64 of 32 bytes (default: a random one)`,
  async run(args) {
    const { values } = parseCommandArgs('secrets rotate-master-key', args, { 'new-key': { type: 'string' } }, false);
    const config = loadCliConfig();
    let nextKey: Buffer = randomBytes(KEY_BYTES);
    if (values['new-key'] !== undefined) {
      const parsed = parseMasterKey(values['new-key']);
      if (!parsed) throw new CliError(`--new-key must be ${MASTER_KEY_FORMAT}`);
      nextKey = parsed;
    }
    let current;
    try {
      current = resolveMasterKey({ configured: config.secrets.masterKey, database: config.database, dataDir: config.secrets.dataDir, create: false });
    } catch (error) {
      if (error instanceof MasterKeyError) throw new CliError(error.message, 1);
      throw error;
    }
    const next = masterKeyOf(nextKey, current.source, current.file);
    if (next.id === current.id) throw new CliError('--new-key is the current master key; give a different one');
    if (config.database.kind === 'pglite' && config.database.dataDir && existsSync(join(config.database.dataDir, 'postmaster.pid'))) {
      throw new CliError(
        `the embedded database in ${config.database.dataDir} is in use (postmaster.pid exists): stop Levqor, then rotate. ` +
          'If no process uses it (one was killed), start and stop Levqor once to close it cleanly.',
        1,
      );
    }

    const database = await openDatabase(config.database);
    let staged: string | undefined;
    let committed = false;
    try {
      await migrateToLatest(database.db);
      await verifyMasterKey(database.db, current);
      // The new key file is written before the database changes, so a crash cannot lose the key in use.
      if (current.file) {
        staged = `${current.file}.next`;
        if (existsSync(staged)) unlinkSync(staged);
        renameSync(writeTempKeyFile(current.file, next.key), staged);
      }
      const result = await rotateMasterKey(database.db, current, next);
      committed = true;
      const summary = `Rotated the master key (id ${result.previousKeyId} → ${result.newKeyId}): ${result.workspaces} workspace data key(s) re-wrapped.`;
      if (current.file && staged) {
        const previous = `${current.file}.previous`;
        try {
          writeFileSync(previous, readFileSync(current.file), { mode: 0o600 });
          chmodSync(previous, 0o600);
          renameSync(staged, current.file);
        } catch (error) {
          throw new CliError(
            `the database now uses the new master key, but replacing ${current.file} failed (${(error as Error).message}). ` +
              `The new key is in ${staged}: move it to ${current.file} (mode 0600) before starting Levqor.`,
            1,
          );
        }
        console.log(`${summary}\nThe new key is in ${current.file}; the previous one is kept in ${previous}.`);
        console.log('Restart every Levqor process using this database so it loads the new key.');
      } else {
        console.log(summary);
        console.log(`\nNew master key: set LEVQOR_MASTER_KEY to it on every process, then restart them:\n  ${formatMasterKey(next.key)}\n`);
        console.log('Until restarted, running processes keep the data keys they hold; a process started with the old key stops at start.');
      }
      return 0;
    } catch (error) {
      if (error instanceof MasterKeyError) throw new CliError(`${error.message}\nNothing was changed.`, 1);
      throw error;
    } finally {
      // A staged key is removed only when the database was not changed.
      if (staged && !committed && existsSync(staged)) unlinkSync(staged);
      await database.close();
    }
  },
};
