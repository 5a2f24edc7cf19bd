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
