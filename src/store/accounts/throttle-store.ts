import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ThrottleRule {
  /** Failures allowed within the window before the key is locked. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Failure counters for login (per account and per IP), kept in the database so every process sees
 * the same counts and a restart does not reset a lock.
 */
export class ThrottleStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Milliseconds the key stays locked, or 0. */
  async lockedFor(key: string): Promise<number> {
    const row = await this.#db.selectFrom('auth_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
    const until = row?.locked_until ? new Date(row.locked_until).getTime() : 0;
    return Math.max(0, until - Date.now());
  }

  async fail(key: string, rule: ThrottleRule): Promise<void> {
    const windowSeconds = rule.windowMs / 1000;
    await sql`
      insert into auth_throttle as t (key, failures, window_started_at)
      values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when t.window_started_at < now() - make_interval(secs => ${windowSeconds}) then 1 else t.failures + 1 end,
        window_started_at = case when t.window_started_at < now() - make_interval(secs => ${windowSeconds}) then now() else t.window_started_at end`.execute(this.#db);
    await sql`
      update auth_throttle set locked_until = now() + make_interval(secs => ${rule.lockMs / 1000}), failures = 0, window_started_at = now()
      where key = ${key} and failures >= ${rule.maxFailures}`.execute(this.#db);
  }

  async reset(key: string): Promise<void> {
    await this.#db.deleteFrom('auth_throttle').where('key', '=', key).execute();
  }
}
