import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { toJsonText } from '../store/json-text.ts';
import { RetryBackoff } from '../store/retry-backoff.ts';
import type { Database } from '../store/schema.ts';
import { runEvent, type LiveEvent } from '../live/live-event.ts';
import type { LiveEvents } from '../live/live-events.ts';
import type { RunAdmission } from './run-admission.ts';
import { nextSlot } from './schedule-slots.ts';

/** What to do with cron slots that passed while no scheduler ran. */
export type MissedSlotPolicy = 'run-once' | 'skip';

export interface SchedulerOptions {
  db: Kysely<Database>;
  tickMs: number;
  missedSlots: MissedSlotPolicy;
  /** A slot older than this at firing time counts as missed. */
  missedAfterMs: number;
  onQueued: () => void;
  onError?: (error: unknown) => void;
  now?: () => Date;
  /** The run quota: a slot fired beyond it is stored held (`quota_exceeded`), not lost. */
  admission?: RunAdmission;
  /** Told of the runs queued, once their transaction committed (the event streams). */
  live?: LiveEvents;
}

/**
 * Fires due cron slots. Each active schedule keeps its next slot in `workflows.schedule_next_at`; a tick
 * locks due rows (SKIP LOCKED, so many schedulers share the work), queues one run per slot with the
 * dedupe key `cron:<slot>` (the unique index makes a slot fire once however many processes race), and
 * moves the row to its next slot after now. Slots missed while down collapse into one run ('run-once')
 * or none ('skip').
 */
export class Scheduler {
  readonly #o: SchedulerOptions;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<number> | undefined;
  /** After a failed tick (database unreachable) the timer's ticks are skipped for a growing wait. */
  readonly #backoff = new RetryBackoff();

  constructor(options: SchedulerOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.#o.tickMs);
    void this.tick();
  }

  /** Whether this scheduler's timer fires slots now. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
  }

  /** Fire every due slot now; resolves with the number of runs queued. */
  tick(): Promise<number> {
    if (this.#backoff.waiting()) return Promise.resolve(0);
    this.#ticking ??= this.#tick()
      .then((queued) => {
        this.#backoff.succeeded();
        return queued;
      })
      .catch((error) => {
        this.#backoff.failed();
        this.#o.onError?.(error);
        return 0;
      })
      .finally(() => (this.#ticking = undefined));
    return this.#ticking;
  }

  async #tick(): Promise<number> {
    const o = this.#o;
    const events: LiveEvent[] = [];
    const queued = await o.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string; workspace_id: string; current_version: number; schedule_next_at: Date; trigger: { cron: string; timezone: string } }>`
        select w.id, w.workspace_id, w.current_version, w.schedule_next_at, v.definition -> 'trigger' as trigger
        from workflows w
        join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
        where w.active and w.deleted_at is null and w.schedule_next_at <= now()
        order by w.schedule_next_at
        limit 200
        for update of w skip locked`.execute(tx);
      let count = 0;
      const now = o.now?.() ?? new Date();
      for (const row of rows) {
        const slot = new Date(row.schedule_next_at);
        const missed = now.getTime() - slot.getTime() > o.missedAfterMs;
        if (!(missed && o.missedSlots === 'skip')) {
          const trigger = { type: 'schedule', slot: slot.toISOString(), firedAt: now.toISOString(), missed };
          // Inside the transaction: PGlite has one connection, so the quota counts with `tx`.
          const held = (await o.admission?.admit(row.workspace_id, tx)) != null;
          const runId = randomUUID();
          const inserted = await sql`
            insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, dedupe_key, ready_at, held_at, counted_at)
            values (${runId}::uuid, ${row.workspace_id}::uuid, ${row.id}::uuid, ${row.current_version}, ${held ? 'quota_exceeded' : 'queued'},
              ${toJsonText(trigger)}::text::jsonb, ${`cron:${slot.toISOString()}`}, ${held ? null : sql`now()`}, ${held ? sql`now()` : null}, ${held ? null : sql`now()`})
            on conflict (workflow_id, dedupe_key) where dedupe_key is not null do nothing`.execute(tx);
          const added = Number(inserted.numAffectedRows ?? 0n);
          if (!held) count += added;
          if (added > 0 && o.live?.active) events.push(runEvent({ id: runId, workspaceId: row.workspace_id, workflowId: row.id }, held ? 'quota_exceeded' : 'queued'));
        }
        const next = nextSlot(row.trigger.cron, row.trigger.timezone, now);
        await tx.updateTable('workflows').set({ schedule_next_at: next }).where('id', '=', row.id).execute();
      }
      return count;
    });
    o.live?.publish(events);
    if (queued > 0) o.onQueued();
    return queued;
  }
}
