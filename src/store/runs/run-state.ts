import { sql, type RawBuilder } from 'kysely';
import type { ErrorRecord } from '../../engine/errors.ts';
import type { SyncResponse } from '../../engine/run-types.ts';
import { toJsonText } from '../json-text.ts';

/** The status-dependent columns of a run, as written by insert, checkpoint and completion alike. */
export type RunState =
  | { status: 'queued' }
  | { status: 'running'; leaseOwner: string; leaseToken: string; leaseMs: number }
  | { status: 'waiting'; wakeAt: Date }
  | { status: 'succeeded'; output: unknown }
  | { status: 'failed'; error: ErrorRecord; deadLetter: boolean }
  | { status: 'cancelled'; error: ErrorRecord };

/** Column → value expression. `ready_at` always follows the status (see migration 001). */
export function runStateColumns(state: RunState, response?: SyncResponse): [string, RawBuilder<unknown>][] {
  const columns: [string, RawBuilder<unknown>][] = [
    ['status', sql`${state.status}`],
    ['updated_at', sql`now()`],
  ];
  const clearLease = () => columns.push(['lease_owner', sql`null`], ['lease_token', sql`null`], ['lease_expires_at', sql`null`]);
  switch (state.status) {
    case 'queued':
      columns.push(['ready_at', sql`now()`], ['wake_at', sql`null`]);
      clearLease();
      break;
    case 'running': {
      const expiry = sql`now() + make_interval(secs => ${state.leaseMs / 1000})`;
      columns.push(
        ['lease_owner', sql`${state.leaseOwner}`],
        ['lease_token', sql`${state.leaseToken}::uuid`],
        ['lease_expires_at', expiry],
        ['ready_at', expiry],
        ['wake_at', sql`null`],
      );
      break;
    }
    case 'waiting':
      columns.push(['wake_at', sql`${state.wakeAt.toISOString()}::timestamptz`], ['ready_at', sql`${state.wakeAt.toISOString()}::timestamptz`]);
      clearLease();
      break;
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      columns.push(['ready_at', sql`null`], ['wake_at', sql`null`], ['finished_at', sql`now()`]);
      if (state.status === 'succeeded') columns.push(['output', sql`${toJsonText(state.output)}::text::jsonb`]);
      else columns.push(['error', sql`${toJsonText(state.error)}::text::jsonb`]);
      if (state.status === 'failed') columns.push(['dead_letter', sql`${state.deadLetter}`]);
      clearLease();
      break;
    default: {
      const unreachable: never = state;
      throw new Error(`unknown run state ${JSON.stringify(unreachable)}`);
    }
  }
  if (response) columns.push(['response', sql`${toJsonText(response)}::text::jsonb`]);
  return columns;
}

export function setClause(columns: [string, RawBuilder<unknown>][]): RawBuilder<unknown> {
  return sql.join(columns.map(([name, value]) => sql`${sql.ref(name)} = ${value}`));
}
