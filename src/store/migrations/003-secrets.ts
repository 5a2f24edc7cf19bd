import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Secrets with envelope encryption (see src/secrets/): each workspace's data key, wrapped by the master
 * key; secret values sealed with their workspace's data key; and one row sealed with the master key, so a
 * process holding another master key stops at start. Sealed values are base64 text (format in
 * src/secrets/envelope.ts); `master_key_id` is the public fingerprint of the key that wrapped a row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table master_key_check (
      id smallint primary key check (id = 1),
      master_key_id text not null,
      check_value text not null,
      created_at timestamptz not null default now(),
      rotated_at timestamptz
    );

    create table workspace_keys (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      wrapped_key text not null,
      master_key_id text not null,
      created_at timestamptz not null default now(),
      rotated_at timestamptz
    );

    create table secrets (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text not null check (name ~ '^[A-Z][A-Z0-9_]{0,63}$'),
      ciphertext text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, name)
    );
  `);
}
