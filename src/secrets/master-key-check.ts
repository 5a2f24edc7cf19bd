import { existsSync } from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import { DecryptError, open, seal, unwrapDataKey, wrapDataKey } from './envelope.ts';
import { MasterKeyError, type MasterKey } from './master-key.ts';

/**
 * A value sealed with the master key, kept in the one-row `master_key_check` table: a process holding
 * another key stops at start with a clear message instead of failing on the first secret it reads.
 */
const CHECK_PLAINTEXT = 'levqor master key check v1';
const CHECK_AAD = 'levqor:master-key-check';

interface CheckRow {
  master_key_id: string;
  check_value: string;
}

function matches(row: CheckRow, master: MasterKey): boolean {
  try {
    return open(master.key, row.check_value, CHECK_AAD).toString('utf8') === CHECK_PLAINTEXT;
  } catch (error) {
    if (error instanceof DecryptError) return false;
    throw error;
  }
}

function mismatch(master: MasterKey, databaseKeyId: string): MasterKeyError {
  const which = master.source === 'file' ? `the master key in ${master.file} (LEVQOR_MASTER_KEY is not set)` : 'LEVQOR_MASTER_KEY';
  const interrupted = master.file && existsSync(`${master.file}.next`)
    ? ` A rotation may have been interrupted: the new key is in ${master.file}.next.`
    : '';
  return new MasterKeyError(
    `${which} does not match the key this database was encrypted with (database master key id ${databaseKeyId}, ` +
      `this key's id ${master.id}). Start every process with the database's master key; after ` +
      `"levqor secrets rotate-master-key" that is the new key.${interrupted}`,
  );
}

/** Records the master key on first start; afterwards throws `MasterKeyError` unless `master` is the database's key. */
export async function verifyMasterKey(db: Kysely<Database>, master: MasterKey): Promise<void> {
  await db
    .insertInto('master_key_check')
    .values({ id: 1, master_key_id: master.id, check_value: seal(master.key, CHECK_PLAINTEXT, CHECK_AAD) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('master_key_check').select(['master_key_id', 'check_value']).where('id', '=', 1).executeTakeFirstOrThrow();
  if (!matches(row, master)) throw mismatch(master, row.master_key_id);
}

/**
 * Inside a transaction that creates a data key: holds the check row (so a rotation waits for it, or it
 * for the rotation) and confirms this process's master key is still the database's.
 */
export async function lockMasterKeyForWrap(tx: Transaction<Database>, master: MasterKey): Promise<void> {
  const row = await tx.selectFrom('master_key_check').select('master_key_id').where('id', '=', 1).forShare().executeTakeFirst();
  if (row && row.master_key_id !== master.id) throw new StaleMasterKeyError(master.id, row.master_key_id);
}

/** This process started with a master key that has since been rotated away. */
export class StaleMasterKeyError extends Error {
  constructor(processKeyId: string, databaseKeyId: string) {
    super(
      `the master key was rotated (database master key id ${databaseKeyId}, this process holds ${processKeyId}): ` +
        'restart this process with the new master key',
    );
    this.name = 'StaleMasterKeyError';
  }
}

export interface RotationResult {
  /** Workspace data keys rewrapped. */
  workspaces: number;
  previousKeyId: string;
  newKeyId: string;
}

/**
 * Rewraps every workspace data key and the check value with `next`, in one transaction. Secret values
 * are not touched (their data keys do not change), so runs go on: processes keep the data keys they have
 * unwrapped, and must be restarted with the new key before they unwrap others.
 */
export async function rotateMasterKey(db: Kysely<Database>, current: MasterKey, next: MasterKey): Promise<RotationResult> {
  if (current.id === next.id) throw new MasterKeyError('the new master key is the current one; give a different key');
  return db.transaction().execute(async (tx) => {
    const check = await tx.selectFrom('master_key_check').select(['master_key_id', 'check_value']).where('id', '=', 1).forUpdate().executeTakeFirst();
    if (check && !matches(check, current)) throw mismatch(current, check.master_key_id);
    const rows = await tx.selectFrom('workspace_keys').select(['workspace_id', 'wrapped_key']).forUpdate().execute();
    const rewrapped = rows.map((row) => {
      let dataKey: Buffer;
      try {
        dataKey = unwrapDataKey(current.key, row.workspace_id, row.wrapped_key);
      } catch (error) {
        if (!(error instanceof DecryptError)) throw error;
        throw new MasterKeyError(`the data key of workspace ${row.workspace_id} does not unwrap with the current master key (${error.message}); nothing was changed`);
      }
      return { workspace_id: row.workspace_id, wrapped_key: wrapDataKey(next.key, row.workspace_id, dataKey) };
    });
    for (let i = 0; i < rewrapped.length; i += 500) {
      const chunk = rewrapped.slice(i, i + 500);
      await sql`
        update workspace_keys k set wrapped_key = v.wrapped_key, master_key_id = ${next.id}, rotated_at = now()
        from jsonb_to_recordset(${JSON.stringify(chunk)}::text::jsonb) as v(workspace_id uuid, wrapped_key text)
        where k.workspace_id = v.workspace_id`.execute(tx);
    }
    const value = seal(next.key, CHECK_PLAINTEXT, CHECK_AAD);
    if (check) {
      await tx.updateTable('master_key_check').set({ master_key_id: next.id, check_value: value, rotated_at: sql<Date>`now()` }).where('id', '=', 1).execute();
    } else {
      await tx.insertInto('master_key_check').values({ id: 1, master_key_id: next.id, check_value: value }).execute();
    }
    return { workspaces: rewrapped.length, previousKeyId: current.id, newKeyId: next.id };
  });
}
