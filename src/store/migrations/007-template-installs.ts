import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * One row per installation of a built-in template (src/templates/, docs/templates.md). The catalog's
 * install count of a template is `count(*)` over its rows; rows stay when the workflow is deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table template_installs (
      id uuid primary key default gen_random_uuid(),
      template_id text not null,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      workflow_id uuid not null,
      installed_at timestamptz not null default now()
    );

    create index template_installs_template on template_installs (template_id);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `drop table template_installs;`);
}
