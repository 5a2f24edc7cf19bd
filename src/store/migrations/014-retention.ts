import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Run-history retention (src/metering/retention.ts, docs/metering.md "Retention").
 * - `runs_purgeable`: the ended runs of a workspace by end time, so the purger finds the runs older than
 *   the plan's retention with an index range scan, and a workspace with none costs one probe.
 * - `run_usage_purged`: what purged runs counted for usage, per (workspace, UTC day, workflow), written
 *   in the same transaction as the delete so usage answers stay exact after a purge:
 *   `runs` — runs counted (`runs.counted_at`) that day; `run_steps` — the steps (not `retrying`) of those
 *   runs, whenever they finished (usage per workflow counts a run's steps with the run); `steps` and
 *   `tokens` — steps (not `retrying`) and AI tokens of steps that finished that day (usage per day).
 *   Periods start at 00:00 UTC, so whole days add up exactly to a period. The workflow foreign key
 *   cascades like `runs.workflow_id`: a workflow removed for good takes its counts with it either way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create index runs_purgeable on runs (workspace_id, finished_at) where status in ('succeeded', 'failed', 'cancelled');

    create table run_usage_purged (
      workspace_id uuid not null,
      day date not null,
      workflow_id uuid not null references workflows(id) on delete cascade,
      runs bigint not null default 0,
      run_steps bigint not null default 0,
      steps bigint not null default 0,
      tokens bigint not null default 0,
      primary key (workspace_id, day, workflow_id)
    );
  `);
}
