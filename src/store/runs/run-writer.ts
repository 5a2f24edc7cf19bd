import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { eventsOfWrite, type LiveEvent } from '../../live/live-event.ts';
import type { LiveEvents } from '../../live/live-events.ts';
import { insertRuns, updateRuns, type RunInsert, type RunUpdate } from './write-runs.ts';

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export type InsertResult = { inserted: true } | { inserted: false; existingRunId: string };
export type UpdateResult = { written: boolean; cancelRequested: boolean };

/**
 * Group commit for run writes. Writes requested while a batch is in flight are gathered and sent
 * together in one statement (one round trip, one commit) as soon as a slot frees up, so under load the
 * database sees a few large commits instead of one per run, and at low load a write goes out at once.
 * Each caller still learns its own result (inserted or deduplicated; written or fenced out).
 */
export class RunWriter {
  readonly #db: Kysely<Database>;
  readonly #maxInFlight: number;
  readonly #maxBatch: number;
  #inserts: Waiting<RunInsert, InsertResult>[] = [];
  #updates: Waiting<RunUpdate, UpdateResult>[] = [];
  #inFlight = 0;
  #scheduled = false;
  readonly #live: LiveEvents | undefined;

  /** `live`: told what each batch changed once it is committed (the event streams). */
  constructor(db: Kysely<Database>, options: { maxInFlight: number; maxBatch: number; live?: LiveEvents }) {
    this.#db = db;
    this.#maxInFlight = options.maxInFlight;
    this.#maxBatch = options.maxBatch;
    this.#live = options.live;
  }

  insert(item: RunInsert): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.#inserts.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  update(item: RunUpdate): Promise<UpdateResult> {
    return new Promise((resolve, reject) => {
      this.#updates.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight) return;
    this.#scheduled = true;
    // One macrotask of gathering: every write requested in this turn of the event loop joins the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const inserts = this.#inserts.splice(0, this.#maxBatch);
    const updates = this.#updates.splice(0, this.#maxBatch);
    if (inserts.length === 0 && updates.length === 0) return;
    this.#inFlight++;
    try {
      await Promise.all([inserts.length && this.#writeInserts(inserts), updates.length && this.#writeUpdates(updates)]);
    } finally {
      this.#inFlight--;
      if (this.#inserts.length || this.#updates.length) this.#schedule();
    }
  }

  async #writeInserts(batch: Waiting<RunInsert, InsertResult>[]): Promise<void> {
    try {
      const inserted = await insertRuns(this.#db, batch.map((w) => w.item));
      if (this.#live?.active) {
        const events: LiveEvent[] = [];
        for (const { item } of batch) {
          if (inserted.has(item.run.id)) events.push(...eventsOfWrite(item.run, item.state, item.records, true));
        }
        this.#live.publish(events);
      }
      for (const waiting of batch) {
        if (inserted.has(waiting.item.run.id)) waiting.resolve({ inserted: true });
        else void this.#existing(waiting);
      }
    } catch (error) {
      await this.#oneByOne(batch, error, (w) => this.#writeInserts([w]));
    }
  }

  /** A failed batch is retried run by run, so one bad write does not fail the others. */
  async #oneByOne<W extends { reject(error: unknown): void }>(batch: W[], error: unknown, write: (w: W) => Promise<void>): Promise<void> {
    if (batch.length === 1) return batch[0].reject(error);
    await Promise.all(batch.map(write));
  }

  async #existing(waiting: Waiting<RunInsert, InsertResult>): Promise<void> {
    try {
      const row = await this.#db
        .selectFrom('runs')
        .select('id')
        .where('workflow_id', '=', waiting.item.run.workflowId)
        .where('dedupe_key', '=', waiting.item.run.dedupeKey)
        .executeTakeFirstOrThrow();
      waiting.resolve({ inserted: false, existingRunId: row.id });
    } catch (error) {
      waiting.reject(error);
    }
  }

  async #writeUpdates(batch: Waiting<RunUpdate, UpdateResult>[]): Promise<void> {
    try {
      const written = await updateRuns(this.#db, batch.map((w) => w.item));
      if (this.#live?.active) {
        const events: LiveEvent[] = [];
        for (const { item } of batch) {
          const row = written.get(item.runId);
          if (row) events.push(...eventsOfWrite({ id: item.runId, ...row }, item.state, item.records, false));
        }
        this.#live.publish(events);
      }
      for (const waiting of batch) {
        const row = written.get(waiting.item.runId);
        waiting.resolve({ written: row !== undefined, cancelRequested: row?.cancelRequested ?? false });
      }
    } catch (error) {
      await this.#oneByOne(batch, error, (w) => this.#writeUpdates([w]));
    }
  }
}
