import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Webhook requests refused by a trigger's `verify` block (src/server/webhook-guard.ts): the last 100
 * per workflow, for the workspace to debug its sender. Only the reason, the header concerned, the
 * method and the source address: never the body, a header value or a secret.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table webhook_refusals (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      workflow_id uuid not null references workflows(id) on delete cascade,
      version integer not null,
      reason text not null,
      header text,
      method text not null,
      source_ip text not null,
      created_at timestamptz not null default now()
    );
    create index webhook_refusals_recent on webhook_refusals (workflow_id, created_at desc, id desc);
  `);
}
