import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Single sign-on with OpenID Connect, one connection per workspace (src/accounts/sso-service.ts). The
 * client secret is not here: it is a workspace secret (encrypted, see 003-secrets) named by
 * `client_secret_name`. `sso_logins` holds each sign-in round trip between start and callback: found by
 * the hash of its `state`, single use (`used_at`) and short-lived; the PKCE verifier and nonce are
 * cleared when it is used. A session started by single sign-on is confined to that workspace
 * (`sessions.sso_workspace_id`): the provider is trusted for that workspace only, not for the account's
 * other workspaces.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table sso_connections (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      issuer text not null,
      client_id text not null,
      client_secret_name text not null,
      default_role text not null check (default_role in ('admin', 'editor', 'viewer')),
      allowed_domains text[] not null default '{}',
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sso_logins (
      state_hash text primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      code_verifier text,
      nonce text,
      redirect_after text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index sso_logins_expires on sso_logins (expires_at);

    alter table sessions add column sso_workspace_id uuid references workspaces(id) on delete cascade;
  `);
}
