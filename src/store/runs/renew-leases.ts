import { sql, type Kysely } from 'kysely';
import { toJsonText } from '../json-text.ts';
import type { Database } from '../schema.ts';

/**
 * Extends the leases of every run this process holds, in one statement. Runs missing from the answer
 * were taken over (their lease expired and another worker claimed them): their holder must stop.
 */
export async function renewLeases(
  db: Kysely<Database>,
  leases: readonly { runId: string; token: string }[],
  leaseMs: number,
): Promise<{ id: string; cancel_requested: boolean }[]> {
  if (leases.length === 0) return [];
  const param = toJsonText(leases.map((l) => ({ id: l.runId, token: l.token })));
  const { rows } = await sql<{ id: string; cancel_requested: boolean }>`
    update runs r set
      lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}),
      ready_at = now() + make_interval(secs => ${leaseMs / 1000}),
      updated_at = now()
    from jsonb_to_recordset(${param}::text::jsonb) as l(id uuid, token uuid)
    where r.id = l.id and r.lease_token = l.token and r.status = 'running'
    returning r.id, r.cancel_requested`.execute(db);
  return rows;
}
