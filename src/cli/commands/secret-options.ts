import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { LevqorConfig } from '../../config/config.ts';
import { verifyMasterKey } from '../../secrets/master-key-check.ts';
import { MasterKeyError, resolveMasterKey, type MasterKey } from '../../secrets/master-key.ts';
import { SecretStore } from '../../secrets/secret-store.ts';
import type { Database } from '../../store/schema.ts';
import { CliError } from '../command.ts';

const HOW = 'give --secret NAME=@FILE (the file\'s content) or --secret NAME=env:VAR (an environment variable)';

/**
 * Reads `--secret NAME=@FILE` (the file's text without its trailing newline) and `--secret NAME=env:VAR`.
 * A value typed on the command line is refused: it would stay in the shell history and be visible to
 * every user in the process list. Errors name the secret, never a value.
 */
export async function readSecretOptions(pairs: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--secret expects NAME=@FILE or NAME=env:VAR, e.g. --secret JOB_API_TOKEN=@token.txt`);
    const name = pair.slice(0, at);
    const source = pair.slice(at + 1);
    if (name in values) throw new CliError(`--secret ${name} is given twice; give each secret once`);
    if (source.startsWith('@') && source.length > 1) values[name] = await readSecretFile(name, source.slice(1));
    else if (source.startsWith('env:') && source.length > 4) {
      const variable = source.slice(4);
      const value = env[variable];
      if (value === undefined) throw new CliError(`--secret ${name}=env:${variable}: the environment variable ${variable} is not set`);
      values[name] = value;
    } else {
      throw new CliError(`--secret ${name}: a value typed on the command line ends up in the shell history and in process lists (ps) where other users can read it; ${HOW}`);
    }
  }
  return values;
}

async function readSecretFile(name: string, file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--secret ${name}=@${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
}

/** The master key as `levqor start` finds it, never creating one: secrets cannot be written without it. */
export function cliMasterKey(config: LevqorConfig): MasterKey {
  try {
    return resolveMasterKey({ configured: config.secrets.masterKey, database: config.database, dataDir: config.secrets.dataDir, create: false });
  } catch (error) {
    if (error instanceof MasterKeyError) throw new CliError(`cannot set secrets: ${error.message}. Set LEVQOR_MASTER_KEY (or LEVQOR_DATA_DIR) as for "levqor start", or import without --secret`, 1);
    throw error;
  }
}

/** A secret store over `db`, once the master key is confirmed to be the one the database's secrets use. */
export async function cliSecretStore(db: Kysely<Database>, master: MasterKey): Promise<SecretStore> {
  try {
    await verifyMasterKey(db, master);
  } catch (error) {
    if (error instanceof MasterKeyError) throw new CliError(`cannot set secrets: ${error.message}`, 1);
    throw error;
  }
  return new SecretStore(db, master);
}
