import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Pack imports (src/packs/import/, docs/packs.md).
 * - `pack_imports`: one row per applied import, for reporting: the pack (id, version, checksum of the
 *   text imported), where it came from (a file name, a URL or "api"), the variable values used (packs
 *   declare no secrets, so these never hold one), what was created or changed, who and when.
 * - `pack_workflows`: the origin of a workflow created or updated by an import: (pack id, the pack's
 *   workflow id) → workflow. A later import of the same pack finds its workflows here and saves new
 *   versions instead of duplicates. A workflow may have several origins (e.g. an export re-imported).
 *   Rows stay when the workflow is soft-deleted; lookups skip deleted workflows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table pack_imports (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      pack_id text not null,
      pack_version text not null,
      checksum text not null,
      source text not null,
      variables jsonb not null,
      changes jsonb not null,
      actor text not null,
      imported_at timestamptz not null default now()
    );

    create index pack_imports_by_workspace on pack_imports (workspace_id, imported_at);

    create table pack_workflows (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      pack_id text not null,
      pack_workflow_id text not null,
      workflow_id uuid not null references workflows(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (workspace_id, pack_id, pack_workflow_id)
    );

    create index pack_workflows_by_workflow on pack_workflows (workflow_id);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `drop table pack_workflows; drop table pack_imports;`);
}
