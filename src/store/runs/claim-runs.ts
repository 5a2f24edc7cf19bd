import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ClaimedRun {
  id: string;
  workspace_id: string;
  workflow_id: string;
  workflow_version: number;
  trigger: unknown;
  lease_token: string;
  claims: number;
  lease_expiries: number;
  cancel_requested: boolean;
  created_at: Date;
}

/**
 * Claims up to `limit` runs whose `ready_at` has passed: queued runs, parked runs whose wake time came,
 * and running runs whose lease expired (their worker died or froze). SKIP LOCKED lets many workers claim
 * concurrently without waiting on each other; each claim gets a fresh lease token, which fences out
 * the previous holder. A reclaimed running run counts one more lease expiry.
 */
export async function claimRuns(db: Kysely<Database>, owner: string, limit: number, leaseMs: number): Promise<ClaimedRun[]> {
  const { rows } = await sql<ClaimedRun>`
    with ready as (
      select id, status as previous_status from runs
      where ready_at <= now()
      order by ready_at
      limit ${limit}
      for update skip locked
    )
    update runs r set
      status = 'running',
      lease_owner = ${owner},
      lease_token = gen_random_uuid(),
      lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}),
      ready_at = now() + make_interval(secs => ${leaseMs / 1000}),
      wake_at = null,
      claims = r.claims + 1,
      lease_expiries = r.lease_expiries + case when ready.previous_status = 'running' then 1 else 0 end,
      started_at = coalesce(r.started_at, now()),
      updated_at = now()
    from ready
    where r.id = ready.id
    returning r.id, r.workspace_id, r.workflow_id, r.workflow_version, r.trigger, r.lease_token, r.claims,
      r.lease_expiries, r.cancel_requested, r.created_at`.execute(db);
  return rows;
}
