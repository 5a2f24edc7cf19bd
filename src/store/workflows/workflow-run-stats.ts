import { sql, type Kysely } from 'kysely';
import type { Database, RunStatus } from '../schema.ts';

/** How many of a workflow's latest finished runs its success rate is taken over. */
export const SUCCESS_RATE_WINDOW = 100;

export interface WorkflowRunStats {
  lastRunAt: Date | null;
  lastRunStatus: RunStatus | null;
  /** Succeeded share (0–1) of the latest finished runs; null before the first run ends. */
  successRate: number | null;
  /** How many finished runs the rate is taken over (at most SUCCESS_RATE_WINDOW). */
  finishedRuns: number;
}

/**
 * Last run and recent success rate of the given workflows of one workspace, by workflow id. Each
 * workflow reads only its newest runs through the `(workflow_id, created_at desc, id desc)` index, so a
 * page costs the same however long the history is.
 */
export async function workflowRunStats(db: Kysely<Database>, workspaceId: string, workflowIds: readonly string[]): Promise<Map<string, WorkflowRunStats>> {
  const stats = new Map<string, WorkflowRunStats>();
  if (workflowIds.length === 0) return stats;
  const { rows } = await sql<{ id: string; last_at: Date | string | null; last_status: RunStatus | null; finished: number; succeeded: number }>`
    select w.id, last.created_at as last_at, last.status as last_status, recent.finished, recent.succeeded
    from workflows w
    left join lateral (
      select r.created_at, r.status from runs r
      where r.workflow_id = w.id and r.workspace_id = w.workspace_id
      order by r.created_at desc, r.id desc limit 1
    ) last on true
    cross join lateral (
      select count(*)::int as finished, count(*) filter (where f.status = 'succeeded')::int as succeeded
      from (
        select r.status from runs r
        where r.workflow_id = w.id and r.workspace_id = w.workspace_id and r.status in ('succeeded', 'failed', 'cancelled')
        order by r.created_at desc, r.id desc limit ${SUCCESS_RATE_WINDOW}
      ) f
    ) recent
    where w.workspace_id = ${workspaceId}::uuid and w.id in (${sql.join(workflowIds.map((id) => sql`${id}::uuid`))})`.execute(db);
  for (const row of rows) {
    const finished = Number(row.finished);
    stats.set(row.id, {
      lastRunAt: row.last_at === null ? null : new Date(row.last_at),
      lastRunStatus: row.last_status,
      successRate: finished === 0 ? null : Number(row.succeeded) / finished,
      finishedRuns: finished,
    });
  }
  return stats;
}
