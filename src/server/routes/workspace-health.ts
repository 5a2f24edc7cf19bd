import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { LOAD_TIERS } from '../../metering/rate-limits/load-tiers.ts';
import type { LoadStatus } from '../../metering/rate-limits/load-monitor.ts';
import { workspaceQueue } from '../../store/runs/workspace-queue.ts';
import type { Database } from '../../store/schema.ts';
import { workspaceOf } from '../auth/principal.ts';

/** What this process runs besides the API, and the lease owner name of its worker. */
export interface EngineStatus {
  owner: string;
  workerRunning(): boolean;
  schedulerRunning(): boolean;
}

/** A schedule slot later than this is late: the scheduler ticks every second. */
const SCHEDULE_LATE_MS = 120_000;
/** A queued run older than this with no worker seen means runs are not being taken. */
const QUEUE_STUCK_S = 300;

const count = { type: 'integer', minimum: 0 } as const;

export const workspaceHealthSchema = {
  type: 'object',
  required: ['status', 'checked_at', 'api', 'database', 'queue', 'workers', 'scheduler', 'load'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'], description: 'degraded when runs are not being taken, schedules are late, or the load tier is high or critical' },
    problems: { type: 'array', items: { type: 'string' }, description: 'What makes the status degraded, in words' },
    checked_at: { type: 'string', format: 'date-time' },
    api: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean', description: 'Always true in an answer: the API answered' } } },
    database: { type: 'object', required: ['ok', 'latency_ms'], properties: { ok: { type: 'boolean' }, latency_ms: { type: 'number', description: 'Round trip of a trivial query' } } },
    queue: {
      type: 'object',
      required: ['queued', 'oldest_queued_at', 'oldest_queued_age_s', 'held'],
      description: "This workspace's runs waiting for a worker",
      properties: {
        queued: count,
        oldest_queued_at: { type: ['string', 'null'], format: 'date-time' },
        oldest_queued_age_s: { type: ['integer', 'null'], description: 'Seconds the oldest queued run has waited' },
        held: { ...count, description: 'Runs held by the run quota (they start when the period resets or the plan changes)' },
      },
    },
    workers: {
      type: 'object',
      required: ['in_this_process', 'seen'],
      description: 'Workers are seen by the runs they hold leases on (of any workspace), plus this process when it runs one; an idle worker elsewhere holds none',
      properties: { in_this_process: { type: 'boolean' }, seen: { ...count, description: 'Worker processes seen now' } },
    },
    scheduler: {
      type: 'object',
      required: ['in_this_process', 'late_schedules', 'ok'],
      properties: {
        in_this_process: { type: 'boolean' },
        late_schedules: { ...count, description: "This workspace's active schedules whose slot is more than 2 minutes overdue" },
        ok: { type: 'boolean', description: 'No schedule of this workspace is late' },
      },
    },
    load: {
      type: 'object',
      required: ['tier', 'since'],
      description: 'The load tier of the process that answered (it sets the rate limits)',
      properties: { tier: { type: 'string', enum: [...LOAD_TIERS] }, since: { type: 'string', format: 'date-time' } },
    },
  },
} as const;

export function registerWorkspaceHealthRoutes(app: FastifyInstance, o: { db: Kysely<Database>; engine: EngineStatus | undefined; load: () => LoadStatus }): void {
  app.get('/api/v1/workspace/health', {
    config: { permission: 'read' },
    schema: {
      tags: ['health'],
      summary: "What a member may see of the service's health for this workspace: API, database, its queue, workers, scheduler and load tier",
      response: { 200: workspaceHealthSchema },
    },
  }, async (request) => {
    const workspaceId = workspaceOf(request);
    const started = performance.now();
    await sql`select 1`.execute(o.db);
    const latency = Math.round((performance.now() - started) * 10) / 10;
    const queue = await workspaceQueue(o.db, workspaceId, SCHEDULE_LATE_MS);
    const now = new Date();
    const owners = new Set(queue.workersWithLeases);
    const workerHere = o.engine?.workerRunning() ?? false;
    if (workerHere && o.engine) owners.add(o.engine.owner);
    const age = queue.oldestQueuedAt ? Math.max(0, Math.floor((now.getTime() - queue.oldestQueuedAt.getTime()) / 1000)) : null;
    const load = o.load();
    const problems: string[] = [];
    if (age !== null && age > QUEUE_STUCK_S && owners.size === 0) problems.push(`the oldest queued run has waited ${age} s and no worker is seen`);
    if (queue.lateSchedules > 0) problems.push(`${queue.lateSchedules} schedule(s) are more than 2 minutes late`);
    if (LOAD_TIERS.indexOf(load.tier) >= 2) problems.push(`the load tier is ${load.tier}: rate limits are lower`);
    return {
      status: problems.length === 0 ? 'ok' : 'degraded',
      problems,
      checked_at: now.toISOString(),
      api: { ok: true },
      database: { ok: true, latency_ms: latency },
      queue: { queued: queue.queued, oldest_queued_at: queue.oldestQueuedAt?.toISOString() ?? null, oldest_queued_age_s: age, held: queue.held },
      workers: { in_this_process: workerHere, seen: owners.size },
      scheduler: { in_this_process: o.engine?.schedulerRunning() ?? false, late_schedules: queue.lateSchedules, ok: queue.lateSchedules === 0 },
      load: { tier: load.tier, since: load.since },
    };
  });
}
