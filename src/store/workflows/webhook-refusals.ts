import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** How many refusals each workflow keeps; older ones are dropped as new ones come. */
export const KEPT_REFUSALS = 100;

export interface WebhookRefusal {
  at: Date;
  reason: string;
  header: string | null;
  method: string;
  sourceIp: string;
  version: number;
}

export interface RefusalInput {
  workspaceId: string;
  workflowId: string;
  version: number;
  reason: string;
  header?: string;
  method: string;
  sourceIp: string;
}

export class WebhookRefusals {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(input: RefusalInput): Promise<void> {
    await this.#db
      .insertInto('webhook_refusals')
      .values({ id: randomUUID(), workspace_id: input.workspaceId, workflow_id: input.workflowId, version: input.version, reason: input.reason, header: input.header ?? null, method: input.method, source_ip: input.sourceIp })
      .execute();
    await sql`
      delete from webhook_refusals where workflow_id = ${input.workflowId} and id not in (
        select id from webhook_refusals where workflow_id = ${input.workflowId} order by created_at desc, id desc limit ${KEPT_REFUSALS}
      )`.execute(this.#db);
  }

  /** Newest first, at most KEPT_REFUSALS. */
  async recent(workspaceId: string, workflowId: string): Promise<WebhookRefusal[]> {
    const rows = await this.#db
      .selectFrom('webhook_refusals')
      .select(['created_at', 'reason', 'header', 'method', 'source_ip', 'version'])
      .where('workspace_id', '=', workspaceId)
      .where('workflow_id', '=', workflowId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(KEPT_REFUSALS)
      .execute();
    return rows.map((r) => ({ at: new Date(r.created_at), reason: r.reason, header: r.header, method: r.method, sourceIp: r.source_ip, version: r.version }));
  }
}
