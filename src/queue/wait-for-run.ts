import type { Kysely } from 'kysely';
import type { RunOutcome, SyncResponse } from '../engine/run-types.ts';
import type { Database } from '../store/schema.ts';
import type { QuotaHold } from './run-admission.ts';

export type RunAnswer =
  | { kind: 'response'; response: SyncResponse }
  | { kind: 'ended'; outcome: RunOutcome }
  | { kind: 'timeout' }
  /** `recorded`: the run is in the database, so a worker resumes it; otherwise nothing was accepted. */
  | { kind: 'abandoned'; reason: string; recorded: boolean }
  /** The run quota is used up: the run is stored held (`quota_exceeded`) and starts when the quota allows. */
  | { kind: 'held'; hold: QuotaHold }
  /** A repeat (same Idempotency-Key) of a request whose run is held by the run quota. */
  | { kind: 'held_earlier' };

const POLL_MS = 50;

/**
 * Waits for a run executed elsewhere (another process, or a repeat of an idempotent request) to answer:
 * its stored respond-step response, or its end. Polls the run row.
 */
export async function waitForRunAnswer(db: Kysely<Database>, runId: string, timeoutMs: number): Promise<RunAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.selectFrom('runs').select(['status', 'response', 'output', 'error', 'dead_letter']).where('id', '=', runId).executeTakeFirst();
    if (row?.response) return { kind: 'response', response: row.response as SyncResponse };
    if (row && (row.status === 'succeeded' || row.status === 'failed' || row.status === 'cancelled')) {
      const outcome: RunOutcome =
        row.status === 'succeeded'
          ? { status: 'succeeded', output: row.output }
          : row.status === 'failed'
            ? { status: 'failed', error: row.error as never, deadLetter: row.dead_letter }
            : { status: 'cancelled', error: row.error as never };
      return { kind: 'ended', outcome };
    }
    if (row?.status === 'quota_exceeded') return { kind: 'held_earlier' };
    if (Date.now() + POLL_MS > deadline) return { kind: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
