import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Usage metering (see src/metering/ and docs/metering.md): the ledger of record for API calls.
 * - `usage_batches`: one row per applied flush; its primary key makes a retried flush a no-op.
 * - `usage_daily`: calls per (workspace, UTC day, API key, endpoint category). Calls made with a session
 *   have no key: they are stored under the nil UUID so the primary key (and an `on conflict` upsert)
 *   covers every row without a nullable column.
 * - `workspace_billing`: the plan (a workflow plan id, an API tier id, or 'trial') and the anchor of the
 *   monthly periods. A workspace without a row is on the trial, its periods anchored at its creation.
 * `usage_daily` has no foreign key on purpose: a batch counted for a workspace that is deleted before the
 *   flush must still apply, not block every later flush; deleting a workspace deletes its rows.
 * Run and step counts are not stored here: they come from `runs` and `run_steps` (exact).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table usage_batches (
      batch_id text primary key,
      calls bigint not null default 0,
      flushed_at timestamptz not null default now()
    );

    create table usage_daily (
      workspace_id uuid not null,
      day date not null,
      api_key_id uuid not null default '00000000-0000-0000-0000-000000000000',
      category text not null,
      calls bigint not null default 0,
      primary key (workspace_id, day, api_key_id, category)
    );

    create table workspace_billing (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      plan_id text not null default 'trial',
      period_start timestamptz not null default now(),
      created_at timestamptz not null default now()
    );
  `);
}
