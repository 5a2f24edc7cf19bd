import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface WorkspaceQueue {
  queued: number;
  oldestQueuedAt: Date | null;
  held: number;
  /** Distinct worker processes holding a live lease on any run (workers leave no other trace). */
  workersWithLeases: string[];
  /** This workspace's active schedules whose next slot is overdue by more than `lateAfterMs`. */
  lateSchedules: number;
}

/**
 * The queue of one workspace and the signs of life of the engine, by indexed reads only: queued runs
 * through `runs_queued` (migration 018), held runs through `runs_held`, live leases through `runs_ready`
 * (a running run's `ready_at` is its lease expiry), schedules through the workspace's workflows.
 */
export async function workspaceQueue(db: Kysely<Database>, workspaceId: string, lateAfterMs: number): Promise<WorkspaceQueue> {
  const q = queueQueries(workspaceId, lateAfterMs);
  const [queue, held, leases, late] = await Promise.all([q.queued.execute(db), q.held.execute(db), q.leaseOwners.execute(db), q.lateSchedules.execute(db)]);
  const oldest = queue.rows[0].oldest;
  return {
    queued: Number(queue.rows[0].queued),
    oldestQueuedAt: oldest === null ? null : new Date(oldest),
    held: Number(held.rows[0].held),
    workersWithLeases: leases.rows.map((r) => r.owner),
    lateSchedules: Number(late.rows[0].late),
  };
}

/** The four queries, unexecuted (test/analytics.test.ts checks their plans with EXPLAIN). */
export function queueQueries(workspaceId: string, lateAfterMs: number) {
  return {
    queued: sql<{ queued: number; oldest: Date | string | null }>`
      select count(*)::int as queued, min(created_at) as oldest from runs
      where workspace_id = ${workspaceId}::uuid and status = 'queued'`,
    held: sql<{ held: number }>`select count(*)::int as held from runs where workspace_id = ${workspaceId}::uuid and status = 'quota_exceeded'`,
    leaseOwners: sql<{ owner: string }>`
      select distinct lease_owner as owner from runs
      where ready_at > now() and status = 'running' and lease_expires_at > now() and lease_owner is not null`,
    lateSchedules: sql<{ late: number }>`
      select count(*)::int as late from workflows
      where workspace_id = ${workspaceId}::uuid and active and deleted_at is null
        and schedule_next_at < now() - make_interval(secs => ${lateAfterMs / 1000})`,
  };
}
