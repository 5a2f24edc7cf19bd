import type { FastifyInstance } from 'fastify';
import { runEvent } from '../../live/live-event.ts';
import type { LiveEvents } from '../../live/live-events.ts';
import type { RunQueries } from '../../store/runs/run-queries.ts';
import type { RunStatus } from '../../store/schema.ts';
import { workspaceOf } from '../auth/principal.ts';
import { HttpError, notFound } from '../http-error.ts';
import { decodeCursor, page, paginationQuerySchema } from '../pagination.ts';
import { idParams } from './schemas.ts';
import { runControlSchema, runDetailSchema, runPageSchema } from './run-schemas.ts';

const STATUSES: RunStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'quota_exceeded'];

/** Shown on a held run: why it waits and what releases it. */
const HELD_MESSAGE =
  'held: the workspace used the runs its plan includes this period. The run is kept and starts on its own, oldest first, ' +
  'when the period resets or the plan changes (GET /api/v1/usage shows the reset date; upgrade with POST /api/v1/billing/checkout). Cancel it to drop it.';

export interface RunRouteHooks {
  onRetried(): void;
  /** A running run was flagged for cancellation: abort it now if this process runs it. */
  onCancelRequested(runId: string): void;
  /** Told of runs cancelled or re-queued here (the event streams). */
  live?: LiveEvents;
}

export function registerRunRoutes(app: FastifyInstance, runs: RunQueries, hooks: RunRouteHooks): void {
  app.get('/api/v1/runs', {
    config: { permission: 'read' },
    schema: {
      tags: ['runs'],
      operationId: 'listRuns',
      summary: 'List runs, newest first',
      querystring: {
        type: 'object',
        properties: {
          ...paginationQuerySchema,
          workflowId: { type: 'string', format: 'uuid' },
          status: { type: 'string', enum: STATUSES },
          deadLetter: { type: 'boolean', description: 'Only runs moved to the dead-letter state (true) or not (false)' },
          since: { type: 'string', format: 'date-time', description: 'Only runs created at or after this time' },
          until: { type: 'string', format: 'date-time', description: 'Only runs created before this time' },
        },
      },
      response: { 200: runPageSchema },
    },
  }, async (request) => {
    const q = request.query as { limit: number; cursor?: string; workflowId?: string; status?: RunStatus; deadLetter?: boolean; since?: string; until?: string };
    const since = q.since === undefined ? undefined : new Date(q.since);
    const until = q.until === undefined ? undefined : new Date(q.until);
    if (since && until && since >= until) throw new HttpError(400, 'invalid_time_range', `since (${q.since}) must be earlier than until (${q.until})`);
    const rows = await runs.list(workspaceOf(request), { workflowId: q.workflowId, status: q.status, deadLetter: q.deadLetter, since, until }, q.limit + 1, decodeCursor(q.cursor));
    return page(rows, q.limit);
  });

  app.get('/api/v1/runs/:id', { config: { permission: 'read' }, schema: { tags: ['runs'], operationId: 'getRun', summary: 'A run with every step: input, output, error, attempts, timings', params: idParams, response: { 200: runDetailSchema } } }, async (request) => {
    const { id } = request.params as { id: string };
    const run = await runs.get(workspaceOf(request), id);
    if (!run) throw notFound('run', id);
    return {
      ...run,
      ...(run.status === 'quota_exceeded' ? { message: HELD_MESSAGE } : {}),
      steps: run.steps.map((s) => ({ ...s, durationMs: s.finishedAt.getTime() - s.startedAt.getTime() })),
    };
  });

  app.post('/api/v1/runs/:id/cancel', { config: { permission: 'write' }, schema: { tags: ['runs'], operationId: 'cancelRun', summary: 'Cancel a run (queued, waiting, held or running); a running step is aborted', params: idParams, response: { 202: runControlSchema } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const result = await runs.cancel(workspaceOf(request), id);
    if (!result) throw notFound('run', id);
    if (!result.changed) throw new HttpError(409, 'run_finished', `run "${id}" already ended with status ${result.status}; only queued, waiting, held (quota_exceeded) or running runs can be cancelled`);
    if (result.status === 'running') hooks.onCancelRequested(id);
    else if (result.workflowId) hooks.live?.publish([runEvent({ id, workspaceId: workspaceOf(request), workflowId: result.workflowId }, 'cancelled')]);
    reply.status(202);
    return { runId: id, status: result.status === 'running' ? 'cancelling' : 'cancelled' };
  });

  app.post('/api/v1/runs/:id/retry', { config: { permission: 'write' }, schema: { tags: ['runs'], operationId: 'retryRun', summary: 'Retry a failed or cancelled run from the step that stopped it', params: idParams, response: { 202: runControlSchema } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const result = await runs.retry(workspaceOf(request), id);
    if (!result) throw notFound('run', id);
    if (!result.changed) throw new HttpError(409, 'run_not_retryable', `run "${id}" has status ${result.status}; only failed or cancelled runs can be retried`);
    hooks.onRetried();
    if (result.workflowId) hooks.live?.publish([runEvent({ id, workspaceId: workspaceOf(request), workflowId: result.workflowId }, 'queued')]);
    reply.status(202);
    return { runId: id, status: 'queued' };
  });
}
