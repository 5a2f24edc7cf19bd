import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Accounts and tenancy: users, memberships with roles, sessions, single-use tokens, invitations,
 * login throttling, agency → client workspaces, and the audit log (append-only: updates and deletes are
 * refused unless a purge sets `levqor.audit_purge`, as retention and account deletion will).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    alter table workspaces add column kind text not null default 'standard' check (kind in ('standard', 'agency', 'client'));
    alter table workspaces add column parent_id uuid references workspaces(id) on delete cascade;
    create index workspaces_parent on workspaces (parent_id) where parent_id is not null;

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null unique,
      name text,
      password_hash text,
      email_verified_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table memberships (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('owner', 'admin', 'editor', 'viewer')),
      created_at timestamptz not null default now(),
      primary key (workspace_id, user_id)
    );
    create index memberships_user on memberships (user_id, created_at);

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      token_hash text not null unique,
      csrf_token text not null,
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user on sessions (user_id, created_at desc);

    create table auth_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      purpose text not null check (purpose in ('verify_email', 'reset_password')),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table invitations (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      email text not null,
      role text not null check (role in ('owner', 'admin', 'editor', 'viewer')),
      token_hash text not null unique,
      invited_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz
    );
    create index invitations_workspace on invitations (workspace_id, created_at desc);

    create table auth_throttle (
      key text primary key,
      failures int not null,
      window_started_at timestamptz not null,
      locked_until timestamptz
    );

    alter table api_keys add column created_by uuid references users(id) on delete set null;

    create table audit_events (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid references workspaces(id) on delete cascade,
      actor_type text not null check (actor_type in ('user', 'api_key', 'system', 'anonymous')),
      actor_id uuid,
      actor_label text,
      action text not null,
      target_type text,
      target_id text,
      ip text,
      user_agent text,
      details jsonb,
      created_at timestamptz not null default now()
    );
    create index audit_events_workspace on audit_events (workspace_id, created_at desc, id desc);
    create index audit_events_actor on audit_events (actor_id, created_at desc) where actor_id is not null;

    create function levqor_audit_append_only() returns trigger language plpgsql as $$ begin if tg_op = 'DELETE' and current_setting('levqor.audit_purge', true) = 'on' then return old; end if; raise exception 'audit_events is append-only'; end $$;
    create trigger audit_events_append_only before update or delete on audit_events for each row execute function levqor_audit_append_only();
  `);
}
