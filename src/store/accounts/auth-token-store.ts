import { sql, type Kysely } from 'kysely';
import { hashToken, newSecretToken } from '../../auth/secret-token.ts';
import type { Database } from '../schema.ts';

export type TokenPurpose = 'verify_email' | 'reset_password';

/** Single-use, expiring tokens sent by email. */
export class AuthTokenStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async issue(userId: string, purpose: TokenPurpose, ttlMs: number): Promise<string> {
    const { token, hash } = newSecretToken();
    await this.#db.insertInto('auth_tokens').values({ user_id: userId, purpose, token_hash: hash, expires_at: new Date(Date.now() + ttlMs) }).execute();
    return token;
  }

  /** The user a live token belongs to, without using it up (undefined when unknown, used or expired). */
  async holder(token: string, purpose: TokenPurpose): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('auth_tokens')
      .select('user_id')
      .where('token_hash', '=', hashToken(token))
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row?.user_id;
  }

  /** Ends every outstanding token of the user for `purpose` (a completed reset ends the other resets). */
  async revokeAll(userId: string, purpose: TokenPurpose): Promise<void> {
    await this.#db.updateTable('auth_tokens').set({ used_at: sql`now()` }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  }

  /** Uses the token up; the user it belongs to, or undefined when unknown, used or expired. */
  async consume(token: string, purpose: TokenPurpose): Promise<string | undefined> {
    const row = await this.#db
      .updateTable('auth_tokens')
      .set({ used_at: sql`now()` })
      .where('token_hash', '=', hashToken(token))
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }
}
