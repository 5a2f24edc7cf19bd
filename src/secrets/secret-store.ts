import { hkdfSync } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { inTransaction } from '../store/in-transaction.ts';
import type { Database } from '../store/schema.ts';
import { DecryptError, decryptSecret, encryptSecret, newDataKey, unwrapDataKey, wrapDataKey } from './envelope.ts';
import { lockMasterKeyForWrap, StaleMasterKeyError } from './master-key-check.ts';
import type { MasterKey } from './master-key.ts';

export const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
export const MAX_SECRET_BYTES = 64 * 1024;
/**
 * Secrets Levqor itself manages (the OIDC client secret of single sign-on): never given to workflows,
 * and not writable through the secrets API.
 */
export const RESERVED_SECRET_NAMES: ReadonlySet<string> = new Set(['SSO_CLIENT_SECRET']);

/** A bad secret name or value (the API answers 400 validation_failed). */
export class SecretValidationError extends Error {
  readonly field: 'name' | 'value';
  constructor(field: 'name' | 'value', message: string) {
    super(message);
    this.name = 'SecretValidationError';
    this.field = field;
  }
}

/** A stored secret (or its workspace's data key) does not decrypt here: copied from elsewhere, or altered. */
export class SecretDecryptError extends Error {
  readonly workspaceId: string;
  readonly secretName: string | null;
  constructor(workspaceId: string, secretName: string | null, message: string) {
    super(message);
    this.name = 'SecretDecryptError';
    this.workspaceId = workspaceId;
    this.secretName = secretName;
  }
}

export { StaleMasterKeyError };

export interface SecretInfo {
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What the runner needs: a workspace's secrets in plaintext, for one run. */
export interface SecretSource {
  loadAll(workspaceId: string): Promise<Record<string, string>>;
}

export function secretNameProblem(name: string): string | undefined {
  if (SECRET_NAME_PATTERN.test(name)) return undefined;
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return `secret name "${shown}" is not valid: use 1 to 64 upper-case letters, digits and underscores, starting with a letter (for example API_TOKEN)`;
}

export function secretValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'value must be a string';
  if (value.length === 0) return 'value must not be empty';
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_SECRET_BYTES) return `value is ${bytes} bytes; the limit is ${MAX_SECRET_BYTES} bytes (64 KB)`;
  return undefined;
}

/**
 * Secrets of every workspace, encrypted with the workspace's data key; data keys are created with the
 * workspace's first secret, stored wrapped by the master key, and kept unwrapped in memory once used.
 */
export class SecretStore implements SecretSource {
  readonly #db: Kysely<Database>;
  readonly #master: MasterKey;
  readonly #dataKeys: Map<string, Buffer>;
  /** Data keys this store created inside its caller's transaction: shared only once that transaction commits. */
  readonly #uncommittedKeys = new Map<string, Buffer>();

  constructor(db: Kysely<Database>, master: MasterKey, dataKeys: Map<string, Buffer> = new Map()) {
    this.#db = db;
    this.#master = master;
    this.#dataKeys = dataKeys;
  }

  /**
   * This store over another executor, typically a transaction handle: its writes then commit or roll
   * back with the caller's (e.g. a pack import). It shares the master key and the unwrapped data keys.
   */
  within(db: Kysely<Database>): SecretStore {
    return new SecretStore(db, this.#master, this.#dataKeys);
  }

  get masterKeyId(): string {
    return this.#master.id;
  }

  /**
   * A key for one purpose (e.g. signing download links), derived from the master key so every process
   * sharing the master key agrees on it without storing another secret.
   */
  derivedKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#master.key, Buffer.alloc(0), `levqor:${purpose}`, 32));
  }

  /** Names and dates only, by name; `after` is the last name of the previous page. */
  async list(workspaceId: string, options: { limit: number; after?: string }): Promise<SecretInfo[]> {
    let query = this.#db.selectFrom('secrets').select(['name', 'created_at', 'updated_at']).where('workspace_id', '=', workspaceId);
    if (options.after !== undefined) query = query.where('name', '>', options.after);
    const rows = await query.orderBy('name').limit(options.limit).execute();
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  /** Creates or replaces a secret. */
  async put(workspaceId: string, name: string, value: string): Promise<SecretInfo & { created: boolean }> {
    const nameProblem = secretNameProblem(name);
    if (nameProblem) throw new SecretValidationError('name', nameProblem);
    const valueProblem = secretValueProblem(value);
    if (valueProblem) throw new SecretValidationError('value', valueProblem);
    const dataKey = await this.#dataKey(workspaceId, true);
    const ciphertext = encryptSecret(dataKey, workspaceId, name, value);
    const row = await this.#db
      .insertInto('secrets')
      .values({ workspace_id: workspaceId, name, ciphertext })
      .onConflict((oc) => oc.columns(['workspace_id', 'name']).doUpdateSet({ ciphertext, updated_at: sql<Date>`now()` }))
      .returning(['name', 'created_at', 'updated_at', sql<boolean>`(xmax = 0)`.as('created')])
      .executeTakeFirstOrThrow();
    return { name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, created: row.created };
  }

  async delete(workspaceId: string, name: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('secrets').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every secret of the workspace in plaintext (one query; the data key is unwrapped once per process). */
  async loadAll(workspaceId: string): Promise<Record<string, string>> {
    const rows = await this.#db
      .selectFrom('secrets as s')
      .leftJoin('workspace_keys as k', 'k.workspace_id', 's.workspace_id')
      .select(['s.name', 's.ciphertext', 'k.wrapped_key', 'k.master_key_id'])
      .where('s.workspace_id', '=', workspaceId)
      .where('s.name', 'not in', [...RESERVED_SECRET_NAMES])
      .execute();
    const values: Record<string, string> = {};
    if (rows.length === 0) return values;
    const dataKey = this.#dataKeys.get(workspaceId) ?? this.#uncommittedKeys.get(workspaceId) ?? this.#unwrap(workspaceId, rows[0].wrapped_key, rows[0].master_key_id);
    for (const row of rows) {
      try {
        values[row.name] = decryptSecret(dataKey, workspaceId, row.name, row.ciphertext);
      } catch (error) {
        if (!(error instanceof DecryptError)) throw error;
        throw new SecretDecryptError(
          workspaceId,
          row.name,
          `secret ${row.name} of workspace ${workspaceId} cannot be decrypted: it was not encrypted for this workspace and name, or it was altered (${error.message})`,
        );
      }
    }
    return values;
  }

  /** One secret in plaintext (reserved ones included), or undefined when the workspace has none by that name. */
  async get(workspaceId: string, name: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('secrets').select('ciphertext').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    if (!row) return undefined;
    const dataKey = await this.#dataKey(workspaceId, false);
    try {
      return decryptSecret(dataKey, workspaceId, name, row.ciphertext);
    } catch (error) {
      if (!(error instanceof DecryptError)) throw error;
      throw new SecretDecryptError(workspaceId, name, `secret ${name} of workspace ${workspaceId} cannot be decrypted: it was not encrypted for this workspace and name, or it was altered (${error.message})`);
    }
  }

  /** Drops the unwrapped data keys this process holds (they are unwrapped again on next use). */
  forgetDataKeys(): void {
    this.#dataKeys.clear();
  }

  async #dataKey(workspaceId: string, create: boolean): Promise<Buffer> {
    const cached = this.#dataKeys.get(workspaceId) ?? this.#uncommittedKeys.get(workspaceId);
    if (cached) return cached;
    const find = () => this.#db.selectFrom('workspace_keys').select(['wrapped_key', 'master_key_id']).where('workspace_id', '=', workspaceId).executeTakeFirst();
    let row = await find();
    if (!row && create) {
      await inTransaction(this.#db, async (tx) => {
        await lockMasterKeyForWrap(tx, this.#master);
        await tx
          .insertInto('workspace_keys')
          .values({ workspace_id: workspaceId, wrapped_key: wrapDataKey(this.#master.key, workspaceId, newDataKey()), master_key_id: this.#master.id })
          .onConflict((oc) => oc.column('workspace_id').doNothing())
          .execute();
      });
      // A concurrent first secret may have won the insert: use whichever key was stored.
      row = await find();
      // Inside a caller's transaction the key exists only if that transaction commits; a rolled-back
      // key in the shared cache would encrypt later secrets with a key stored nowhere.
      if (this.#db.isTransaction) {
        const key = this.#unwrap(workspaceId, row?.wrapped_key ?? null, row?.master_key_id ?? null, false);
        this.#uncommittedKeys.set(workspaceId, key);
        return key;
      }
    }
    return this.#unwrap(workspaceId, row?.wrapped_key ?? null, row?.master_key_id ?? null);
  }

  #unwrap(workspaceId: string, wrapped: string | null, keyId: string | null, share = true): Buffer {
    if (wrapped === null || keyId === null) {
      throw new SecretDecryptError(workspaceId, null, `workspace ${workspaceId} has secrets but no data key: they cannot be decrypted`);
    }
    if (keyId !== this.#master.id) throw new StaleMasterKeyError(this.#master.id, keyId);
    let dataKey: Buffer;
    try {
      dataKey = unwrapDataKey(this.#master.key, workspaceId, wrapped);
    } catch (error) {
      if (!(error instanceof DecryptError)) throw error;
      throw new SecretDecryptError(
        workspaceId,
        null,
        `the data key of workspace ${workspaceId} cannot be unwrapped: it was not wrapped for this workspace, or it was altered (${error.message})`,
      );
    }
    if (share) this.#dataKeys.set(workspaceId, dataKey);
    return dataKey;
  }
}
