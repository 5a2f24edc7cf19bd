import type { ColumnType } from 'kysely';

/** Migration 016: refused webhook requests, the last 100 per workflow (src/store/workflows/webhook-refusals.ts). */
export interface WebhookRefusalTables {
  webhook_refusals: {
    id: string;
    workspace_id: string;
    workflow_id: string;
    version: number;
    reason: string;
    header: string | null;
    method: string;
    source_ip: string;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
}
