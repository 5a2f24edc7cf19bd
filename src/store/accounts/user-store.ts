import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface User {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  createdAt: Date;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const userOf = (row: { id: string; email: string; name: string | null; email_verified_at: Date | null; created_at: Date }): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  emailVerified: row.email_verified_at !== null,
  createdAt: row.created_at,
});

export class EmailTakenError extends Error {}

export class UserStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(db: Kysely<Database>, email: string, passwordHash: string | null, name: string | null, verified = false): Promise<User> {
    const row = await db
      .insertInto('users')
      .values({ email: normaliseEmail(email), password_hash: passwordHash, name, email_verified_at: verified ? sql<Date>`now()` : null })
      .onConflict((oc) => oc.column('email').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new EmailTakenError(`an account with ${normaliseEmail(email)} already exists`);
    return userOf(row);
  }

  async findByEmail(email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
    return row && { ...userOf(row), passwordHash: row.password_hash };
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && userOf(row);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.#db.updateTable('users').set({ password_hash: passwordHash, updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  async markVerified(id: string): Promise<void> {
    await this.#db.updateTable('users').set({ email_verified_at: sql`coalesce(email_verified_at, now())`, updated_at: sql`now()` }).where('id', '=', id).execute();
  }
}
