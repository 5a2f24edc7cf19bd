import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { ANALYTICS_WINDOWS, runAnalytics, type AnalyticsWindow } from '../../store/runs/run-analytics.ts';
import type { Database } from '../../store/schema.ts';
import { workspaceOf } from '../auth/principal.ts';

const count = { type: 'integer', minimum: 0 } as const;
const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'quota_exceeded'] as const;

const durations = {
  type: 'object',
  required: ['p50', 'p95'],
  description: 'Run duration (start to finish) of the finished runs, interpolated percentiles in ms; null when none finished',
  properties: { p50: { type: ['integer', 'null'] }, p95: { type: ['integer', 'null'] } },
} as const;

export const runAnalyticsSchema = {
  type: 'object',
  required: ['from', 'to', 'days', 'totals', 'success_rate', 'duration_ms', 'top_failing'],
  properties: {
    from: { type: 'string', format: 'date', description: 'First UTC day of the window' },
    to: { type: 'string', format: 'date', description: 'Last UTC day of the window (today)' },
    days: {
      type: 'array',
      description: 'Every UTC day of the window, oldest first, with the runs created that day by their current status',
      items: {
        type: 'object',
        required: ['day', 'total', 'by_status', 'success_rate', 'duration_ms'],
        properties: {
          day: { type: 'string', format: 'date' },
          total: count,
          success_rate: { type: ['number', 'null'], minimum: 0, maximum: 1, description: "Succeeded ÷ finished of the day's runs; null when none finished" },
          duration_ms: durations,
          by_status: { type: 'object', description: 'Only statuses with runs appear', properties: Object.fromEntries(STATUSES.map((s) => [s, count])), additionalProperties: false },
        },
      },
    },
    totals: {
      type: 'object',
      required: ['runs', 'finished', 'succeeded', 'failed', 'cancelled'],
      properties: { runs: count, finished: { ...count, description: 'Succeeded, failed or cancelled' }, succeeded: count, failed: count, cancelled: count },
    },
    success_rate: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'Succeeded ÷ finished runs of the window; null when none finished' },
    duration_ms: durations,
    top_failing: {
      type: 'array',
      maxItems: 5,
      description: 'The workflows with the most failed runs in the window, most first',
      items: {
        type: 'object',
        required: ['workflow_id', 'name', 'deleted', 'failures'],
        properties: { workflow_id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, deleted: { type: 'boolean' }, failures: count },
      },
    },
  },
} as const;

export function registerAnalyticsRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  app.get('/api/v1/analytics/runs', {
    config: { permission: 'read' },
    schema: {
      tags: ['runs'],
      summary: 'Run analytics of the last 7, 30 or 90 UTC days: runs per day by status, success rate, p50/p95 duration, top failing workflows',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { days: { type: 'integer', enum: [...ANALYTICS_WINDOWS], default: 30, description: 'The window in UTC days, today included: 7, 30 or 90' } },
      },
      response: { 200: runAnalyticsSchema },
    },
  }, async (request) => {
    const { days } = request.query as { days: AnalyticsWindow };
    return runAnalytics(db, workspaceOf(request), days);
  });
}
