import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Core schema. `runs.ready_at` is the single claim column: the time from which a worker may take the
 * run (queued: enqueue time; waiting: wake time; running: lease expiry; finished: null), so claiming,
 * waking parked runs and reclaiming expired leases are one indexed range scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table workspaces (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    );

    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      scopes text[] not null default '{admin}',
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    create index api_keys_workspace on api_keys (workspace_id);

    create table workflows (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text not null,
      current_version int not null,
      active boolean not null default false,
      trigger_type text not null,
      hook_path text,
      schedule_next_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index workflows_hook_path on workflows (workspace_id, hook_path)
      where deleted_at is null and hook_path is not null;
    create index workflows_list on workflows (workspace_id, created_at desc, id desc) where deleted_at is null;
    create index workflows_schedule_due on workflows (schedule_next_at)
      where active and deleted_at is null and schedule_next_at is not null;

    create table workflow_versions (
      workflow_id uuid not null references workflows(id) on delete cascade,
      version int not null,
      workspace_id uuid not null,
      definition jsonb not null,
      source text,
      source_format text,
      created_at timestamptz not null default now(),
      primary key (workflow_id, version)
    );

    create table runs (
      id uuid primary key,
      workspace_id uuid not null,
      workflow_id uuid not null references workflows(id) on delete cascade,
      workflow_version int not null,
      status text not null check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
      trigger jsonb not null,
      dedupe_key text,
      output jsonb,
      error jsonb,
      response jsonb,
      ready_at timestamptz,
      wake_at timestamptz,
      lease_owner text,
      lease_token uuid,
      lease_expires_at timestamptz,
      claims int not null default 0,
      lease_expiries int not null default 0,
      cancel_requested boolean not null default false,
      dead_letter boolean not null default false,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz not null default now()
    );
    create unique index runs_dedupe on runs (workflow_id, dedupe_key) where dedupe_key is not null;
    create index runs_ready on runs (ready_at) where ready_at is not null;
    create index runs_list on runs (workspace_id, created_at desc, id desc);
    create index runs_by_workflow on runs (workflow_id, created_at desc, id desc);

    create table run_steps (
      run_id uuid not null references runs(id) on delete cascade,
      key text not null,
      workspace_id uuid not null,
      step_id text not null,
      type text not null,
      seq int not null,
      status text not null check (status in ('succeeded', 'failed', 'retrying')),
      input jsonb,
      output jsonb,
      error jsonb,
      attempts int not null,
      next text,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      primary key (run_id, key)
    );
  `);
}
