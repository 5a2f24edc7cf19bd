import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { DATABASE_RETRY_AFTER_S, errorBody } from '../http-error.ts';
import { unavailableReason } from '../../store/database-unavailable.ts';
import type { LevqorMetrics } from '../metrics.ts';
import type { LoadStatus } from '../../metering/rate-limits/load-monitor.ts';
import { registerMetricsRoute, type MetricsAccess } from './metrics.ts';
import { errorSchema } from './schemas.ts';

const readySchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ready'] }, load: {
      type: 'object',
      additionalProperties: true,
      description: 'The load tier that sets the rate limits, the signals measured, and since when the tier holds',
      properties: { tier: { type: 'string' }, signals: { type: 'object', additionalProperties: true }, since: { type: 'string', format: 'date-time' } },
    }, },
} as const;

/** `load`: the load tier that sets the rate limits, shown by /readyz (the process stays ready at any tier). */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>, metrics: LevqorMetrics, access: MetricsAccess, load?: () => LoadStatus): void {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'The database answers', response: { 200: readySchema, 503: { ...errorSchema, description: 'The database does not answer (database_unavailable)' } } } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return load ? { status: 'ready', load: load() } : { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_S)).send(errorBody(
        'database_unavailable',
        `the database does not answer (${unavailableReason(error)}); it may be restarting or failing over, or DATABASE_URL or the data directory is wrong. Levqor reconnects by itself and is ready again once it answers.`,
      ));
    }
  });

  registerMetricsRoute(app, metrics, access);
}
