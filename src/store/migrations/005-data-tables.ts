import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Data tables (see src/tables/ and docs/tables.md): a workspace's tables with their column schema, their
 * rows as jsonb, and one `data_row_keys` entry per value of a `unique` column. The unique index on
 * (table_id, column, value) is what enforces uniqueness, so concurrent writers on PostgreSQL and PGlite
 * are arbitrated by the database itself. Row timestamps keep millisecond precision so cursors round-trip.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table data_tables (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text not null check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
      columns jsonb not null default '[]',
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, name)
    );

    create table data_rows (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      table_id uuid not null references data_tables(id) on delete cascade,
      data jsonb not null,
      created_at timestamptz not null default date_trunc('milliseconds', now()),
      updated_at timestamptz not null default date_trunc('milliseconds', now())
    );
    create index data_rows_list on data_rows (table_id, created_at desc, id desc);
    create index data_rows_data on data_rows using gin (data jsonb_path_ops);

    create table data_row_keys (
      table_id uuid not null references data_tables(id) on delete cascade,
      "column" text not null,
      value text not null,
      row_id uuid not null references data_rows(id) on delete cascade,
      primary key (table_id, "column", value)
    );
    create index data_row_keys_row on data_row_keys (row_id);
  `);
}
