import { sql, type Kysely } from 'kysely';
import type { StepRecord } from '../../engine/run-types.ts';
import type { Database, RunStatus } from '../schema.ts';
import { loadSteps } from './load-steps.ts';
import { olderThan } from '../newest-first.ts';

export interface RunView {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  trigger: unknown;
  output: unknown;
  error: unknown;
  deadLetter: boolean;
  cancelRequested: boolean;
  attempts: number;
  wakeAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When the run quota held the run (`quota_exceeded`); kept after its release. */
  heldAt: Date | null;
}

const RUN_COLUMNS = [
  'id', 'workflow_id', 'workflow_version', 'status', 'trigger', 'output', 'error', 'dead_letter', 'cancel_requested', 'claims',
  'wake_at', 'created_at', 'started_at', 'finished_at', 'held_at',
] as const;

function viewOf(row: Record<(typeof RUN_COLUMNS)[number], any>): RunView {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    status: row.status,
    trigger: row.trigger,
    output: row.output,
    error: row.error,
    deadLetter: row.dead_letter,
    cancelRequested: row.cancel_requested,
    attempts: row.claims,
    wakeAt: row.wake_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heldAt: row.held_at,
  };
}

export interface RunFilter {
  workflowId?: string;
  status?: RunStatus;
  deadLetter?: boolean;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
}

/** Run history and run control, always scoped by workspace. */
export class RunQueries {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Newest first; fetches `limit` rows after the cursor. */
  async list(workspaceId: string, filter: RunFilter, limit: number, after?: { createdAt: Date; id: string }): Promise<RunView[]> {
    let query = this.#db.selectFrom('runs').select(RUN_COLUMNS).where('workspace_id', '=', workspaceId);
    if (filter.workflowId) query = query.where('workflow_id', '=', filter.workflowId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.deadLetter !== undefined) query = query.where('dead_letter', '=', filter.deadLetter);
    if (filter.since) query = query.where('created_at', '>=', filter.since);
    if (filter.until) query = query.where('created_at', '<', filter.until);
    if (after) {
      query = query.where(olderThan(after));
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(viewOf);
  }

  async get(workspaceId: string, runId: string): Promise<(RunView & { steps: StepRecord[] }) | undefined> {
    const row = await this.#db.selectFrom('runs').select(RUN_COLUMNS).where('id', '=', runId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (!row) return undefined;
    const steps = (await loadSteps(this.#db, [runId])).get(runId) ?? [];
    return { ...viewOf(row), steps };
  }

  /**
   * Queued, parked and held (quota_exceeded) runs end at once; a running run is flagged and its worker aborts it at its next
   * lease renewal. Returns the status after the request, or undefined when the run does not exist.
   */
  async cancel(workspaceId: string, runId: string): Promise<{ status: RunStatus; changed: boolean; workflowId?: string } | undefined> {
    const ended = await sql<{ status: RunStatus; workflow_id: string }>`
      update runs set status = 'cancelled', ready_at = null, wake_at = null, finished_at = now(), updated_at = now(),
        error = ${JSON.stringify({ code: 'cancelled', message: 'the run was cancelled' })}::text::jsonb
      where id = ${runId}::uuid and workspace_id = ${workspaceId}::uuid and status in ('queued', 'waiting', 'quota_exceeded')
      returning status, workflow_id`.execute(this.#db);
    if (ended.rows[0]) return { status: 'cancelled', changed: true, workflowId: ended.rows[0].workflow_id };
    const flagged = await sql<{ status: RunStatus }>`
      update runs set cancel_requested = true, updated_at = now()
      where id = ${runId}::uuid and workspace_id = ${workspaceId}::uuid and status = 'running'
      returning status`.execute(this.#db);
    if (flagged.rows[0]) return { status: 'running', changed: true };
    const row = await this.#db.selectFrom('runs').select('status').where('id', '=', runId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row && { status: row.status, changed: false };
  }

  /**
   * Re-queues a failed or cancelled run from where it stopped: succeeded steps are kept (and not run
   * again), the failed step's record is dropped so it runs afresh.
   */
  async retry(workspaceId: string, runId: string): Promise<{ status: RunStatus; changed: boolean; workflowId?: string } | undefined> {
    const changed = await this.#db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string; workflow_id: string }>`
        update runs set status = 'queued', ready_at = now(), error = null, output = null, dead_letter = false,
          cancel_requested = false, lease_expiries = 0, finished_at = null, updated_at = now()
        where id = ${runId}::uuid and workspace_id = ${workspaceId}::uuid and status in ('failed', 'cancelled')
        returning id, workflow_id`.execute(tx);
      if (!rows[0]) return undefined;
      await sql`delete from run_steps where run_id = ${runId}::uuid and status <> 'succeeded'`.execute(tx);
      return rows[0].workflow_id;
    });
    if (changed) return { status: 'queued', changed: true, workflowId: changed };
    const row = await this.#db.selectFrom('runs').select('status').where('id', '=', runId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row && { status: row.status, changed: false };
  }
}
