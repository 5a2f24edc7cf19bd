import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config/config.ts';
import type { DatabaseTarget } from '../store/open-database.ts';
import { KEY_BYTES, masterKeyId } from './envelope.ts';
import { MASTER_KEY_FORMAT, formatMasterKey, parseMasterKey } from './master-key-format.ts';

export const KEY_FILE_NAME = 'master.key';

/** The key that wraps every workspace's data key. */
export interface MasterKey {
  key: Buffer;
  /** Public fingerprint (see `masterKeyId`). */
  id: string;
  /** `env`: LEVQOR_MASTER_KEY; `file`: the key file; `ephemeral`: random, for an in-memory database. */
  source: 'env' | 'file' | 'ephemeral';
  /** The key file (source `file`). */
  file: string | null;
}

/** The master key is missing, unreadable, unsafe, or not the one the database was encrypted with. */
export class MasterKeyError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export interface ResolveMasterKeyOptions {
  /** LEVQOR_MASTER_KEY as given (validated by the configuration). */
  configured: string | undefined;
  database: DatabaseTarget;
  /** LEVQOR_DATA_DIR: where the key file lives when the database is not an embedded one with its own directory. */
  dataDir: string;
  logger?: { warn(message: string): void };
  /** Create the key file when there is none (a server start); false for tools that need an existing key. */
  create?: boolean;
}

export function masterKeyOf(key: Buffer, source: MasterKey['source'], file: string | null = null): MasterKey {
  if (key.length !== KEY_BYTES) throw new MasterKeyError(`a master key has ${KEY_BYTES} bytes, not ${key.length}`);
  return { key, id: masterKeyId(key), source, file };
}

/** The key file used when LEVQOR_MASTER_KEY is not set. */
export function keyFileFor(database: DatabaseTarget, dataDir: string): string {
  return join(database.kind === 'pglite' && database.dataDir ? database.dataDir : dataDir, KEY_FILE_NAME);
}

/**
 * LEVQOR_MASTER_KEY when set; else a random key for an in-memory embedded database (nothing outlives the
 * process); else `<data dir>/master.key`, created with mode 0600 on the first start.
 */
export function resolveMasterKey(o: ResolveMasterKeyOptions): MasterKey {
  if (o.configured !== undefined) {
    const key = parseMasterKey(o.configured);
    if (!key) throw new MasterKeyError(`LEVQOR_MASTER_KEY: must be ${MASTER_KEY_FORMAT}`);
    return masterKeyOf(key, 'env');
  }
  if (o.database.kind === 'pglite' && o.database.dataDir === null) return masterKeyOf(randomBytes(KEY_BYTES), 'ephemeral');
  const file = keyFileFor(o.database, o.dataDir);
  if (o.database.kind === 'postgres') {
    o.logger?.warn(
      `DATABASE_URL is set but LEVQOR_MASTER_KEY is not: secrets are encrypted with the key in ${file}. ` +
        'Every process using this database must hold the same master key: set LEVQOR_MASTER_KEY to that value on all of them.',
    );
  }
  if (!existsSync(file)) {
    if (o.create === false) throw new MasterKeyError(`no master key: LEVQOR_MASTER_KEY is not set and ${file} does not exist`);
    createKeyFile(file, randomBytes(KEY_BYTES));
  }
  return masterKeyOf(readKeyFile(file), 'file', file);
}

/** Reads a key file, refusing one that group or others may read. */
export function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    if (process.platform !== 'win32') {
      const mode = statSync(file).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        throw new MasterKeyError(
          `the master key file ${file} is accessible to group or others (mode ${mode.toString(8).padStart(4, '0')}): ` +
            `restrict it with "chmod 600 ${file}"`,
        );
      }
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof MasterKeyError) throw error;
    throw new MasterKeyError(`cannot read the master key file ${file}: ${(error as Error).message}`);
  }
  const key = parseMasterKey(text);
  if (!key) throw new MasterKeyError(`the master key file ${file} does not hold a valid key: expected ${MASTER_KEY_FORMAT}`);
  return key;
}

/**
 * Creates `file` holding `key` (mode 0600) unless it exists. Written aside and hard-linked into place, so
 * processes starting together never read a half-written file and the first one's key wins.
 */
export function createKeyFile(file: string, key: Buffer): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = writeTempKeyFile(file, key);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // File systems without hard links: a plain rename (not atomic against a racing first start).
    if (existsSync(file)) return false;
    renameSync(temp, file);
    return true;
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
}

/** Writes `key` to a new file beside `file` (mode 0600) and returns its path. */
export function writeTempKeyFile(file: string, key: Buffer, suffix = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`): string {
  const temp = `${file}.${suffix}`;
  writeFileSync(temp, `${formatMasterKey(key)}\n`, { mode: 0o600, flag: 'wx' });
  return temp;
}
