import type { ErrorRecord } from '../../engine/errors.ts';

/** The state a run write moves a run to. */
export type RunState =
  | { status: 'queued' }
  | { status: 'running'; leaseOwner: string; leaseToken: string; leaseMs: number }
  | { status: 'waiting'; wakeAt: Date }
  | { status: 'succeeded'; output: unknown }
  | { status: 'failed'; error: ErrorRecord; deadLetter: boolean }
  | { status: 'cancelled'; error: ErrorRecord }
  /** Held by the run quota: stored, never claimed, until the quota releases it (src/metering/quota-releaser.ts). */
  | { status: 'quota_exceeded' };

/** A state as one row of the `jsonb_to_recordset` parameter the write statements read. */
export function stateRow(state: RunState) {
  return {
    status: state.status,
    lease_owner: state.status === 'running' ? state.leaseOwner : null,
    lease_token: state.status === 'running' ? state.leaseToken : null,
    lease_ms: state.status === 'running' ? state.leaseMs : null,
    wake_at: state.status === 'waiting' ? state.wakeAt.toISOString() : null,
    output: state.status === 'succeeded' ? (state.output ?? null) : null,
    error: state.status === 'failed' || state.status === 'cancelled' ? state.error : null,
    dead_letter: state.status === 'failed' ? state.deadLetter : false,
  };
}

/** Column types of `stateRow`, for `jsonb_to_recordset(...) as v(...)`. */
export const STATE_COLUMNS =
  'status text, lease_owner text, lease_token uuid, lease_ms int, wake_at timestamptz, output jsonb, error jsonb, dead_letter boolean, response jsonb';

/*
 * `ready_at` follows the status (see migration 001): enqueue time, lease expiry, wake time, or null.
 * Shared by the insert and update statements so both write states identically.
 */
export const READY_AT_SQL = `case v.status
  when 'queued' then now()
  when 'running' then now() + v.lease_ms * interval '1 millisecond'
  when 'waiting' then v.wake_at
  else null end`;

export const TERMINAL_SQL = `v.status in ('succeeded', 'failed', 'cancelled')`;
