import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { LevqorConfig } from '../../config/config.ts';
import { Refusal } from '../../contracts/refusal.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { askChannel, openChannelDatabase } from '../../store/channel/channel-dialect.ts';
import { CHANNEL_SOCKET } from '../../store/channel/wire.ts';
import { openDatabase } from '../../store/open-database.ts';
import type { Database } from '../../store/schema.ts';
import { WorkspaceStore } from '../../store/workspaces/workspace-store.ts';
import { CliError } from '../command.ts';

/** The server running on the configured embedded database, found by its admin channel; undefined when none answers. */
export async function runningEmbeddedServer(config: LevqorConfig): Promise<{ pid: number; channel: string } | undefined> {
  if (config.database.kind !== 'pglite' || !config.database.dataDir) return undefined;
  const channel = join(config.database.dataDir, CHANNEL_SOCKET);
  if (!existsSync(channel)) return undefined;
  const answer = await askChannel(channel).catch(() => undefined);
  return answer && { pid: answer.pid, channel };
}

/** Refuses when the embedded database is held by a process that does not answer on its admin channel. */
export function assertEmbeddedDatabaseFree(config: LevqorConfig, advice: string): void {
  if (config.database.kind === 'pglite' && config.database.dataDir && existsSync(join(config.database.dataDir, 'postmaster.pid'))) {
    throw new CliError(`the embedded database in ${config.database.dataDir} is in use (postmaster.pid exists) by a process that does not answer on its admin channel (${CHANNEL_SOCKET}): ${advice}`, 1);
  }
}

/**
 * The configured database for a CLI command: through the admin channel of the server running on the
 * embedded database (which has migrated it), else opened here and migrated (unless `migrate: false`).
 * `whenLocked`: what to tell the operator when the embedded database is held by a process that does
 * not answer (undefined: open it).
 */
export async function openCliDatabase(config: LevqorConfig, o: { whenLocked?: string; migrate?: boolean } = {}): Promise<{ db: Kysely<Database>; close(): Promise<void>; viaServer: boolean }> {
  const server = await runningEmbeddedServer(config);
  if (server) {
    const db = openChannelDatabase(server.channel);
    return { db, close: () => db.destroy(), viaServer: true };
  }
  if (o.whenLocked !== undefined) assertEmbeddedDatabaseFree(config, o.whenLocked);
  const database = await openDatabase(config.database);
  try {
    if (o.migrate !== false) await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { db: database.db, close: () => database.close(), viaServer: false };
}

/**
 * Opens the configured database for a command acting in one workspace, finds the workspace by slug and
 * runs `fn`. The embedded database serves one process at a time: while Levqor runs on it, the command's
 * queries go through the server's local admin channel (src/store/channel/) instead.
 */
export async function withWorkspaceDatabase<T>(
  config: LevqorConfig,
  slug: string,
  fn: (db: Kysely<Database>, workspace: { id: string; slug: string; name: string }) => Promise<T>,
  apiInstead: string | null = 'POST /api/v1/packs/import, GET /api/v1/packs/export',
): Promise<T> {
  const database = await openCliDatabase(config, { whenLocked: `stop it first${apiInstead ? `, or use the API of the running server (${apiInstead})` : ''}` });
  try {
    const workspace = await new WorkspaceStore(database.db).findBySlug(slug);
    if (!workspace) throw new CliError(`workspace "${slug}" does not exist${slug === 'default' ? ' yet: start Levqor once ("levqor start") to create it' : '; give the slug of an existing workspace with --workspace'}`, 1);
    return await fn(database.db, workspace);
  } catch (error) {
    if (error instanceof Refusal) throw cliErrorOf(error);
    throw error;
  } finally {
    await database.close();
  }
}

/** An API-shaped refusal as a CLI error: the message, then one line per detail with a path. */
export function cliErrorOf(error: Refusal): CliError {
  const details = Array.isArray(error.details) ? (error.details as { path?: unknown; message?: unknown }[]).filter((d) => typeof d?.message === 'string') : [];
  const lines = details.length > 1 ? `\n${details.map((d) => `  ${d.path ? `${String(d.path)}: ` : ''}${String(d.message)}`).join('\n')}` : '';
  return new CliError(`${error.code}: ${error.message}${lines}`, 1);
}
