import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Quotas, usage alerts and token counting (see src/metering/quota-*.ts and docs/metering.md).
 * - `runs.status` gains `quota_exceeded`: a run started after the workspace used its plan's runs of the
 *   period. It is stored (not lost) with `ready_at` null, so no worker claims it, and `held_at` set.
 * - `runs.counted_at`: when the run started counting against the monthly run quota — its creation for
 *   ordinary runs, its release for a held run (null while held). Runs are counted per period by this
 *   column, so a held run released in the next period counts there. Existing runs count from creation.
 * - `run_steps.tokens`: AI tokens a step reported (null when it reported none), summed for usage.
 * - `usage_alerts`: one row per (workspace, period, metric, threshold) — its primary key makes the 80%
 *   and 100% emails go out once per period across processes and restarts. `sent_at` is set once the mail
 *   went out; a claim (`claimed_at`) that never completed (no SMTP, a crash) is taken again later.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    alter table runs drop constraint runs_status_check;
    alter table runs add constraint runs_status_check
      check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'quota_exceeded'));
    alter table runs add column held_at timestamptz;
    alter table runs add column counted_at timestamptz(3);
    update runs set counted_at = created_at;
    alter table runs alter column counted_at set default now();
    create index runs_counted on runs (workspace_id, counted_at) where counted_at is not null;
    create index runs_held on runs (workspace_id, held_at, id) where status = 'quota_exceeded';

    alter table run_steps add column tokens integer;
    create index run_steps_tokens on run_steps (workspace_id, finished_at) where tokens is not null;

    create table usage_alerts (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      period_start timestamptz not null,
      metric text not null check (metric in ('calls', 'runs')),
      threshold int not null check (threshold in (80, 100)),
      claimed_at timestamptz not null default now(),
      sent_at timestamptz,
      recipients int not null default 0,
      primary key (workspace_id, period_start, metric, threshold)
    );
  `);
}
