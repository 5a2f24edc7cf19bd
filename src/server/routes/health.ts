import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { errorBody } from '../http-error.ts';
import type { LevqorMetrics } from '../metrics.ts';
import type { LoadStatus } from '../../metering/rate-limits/load-monitor.ts';

/** `load`: the load tier that sets the rate limits, shown by /readyz (the process stays ready at any tier). */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>, metrics: LevqorMetrics, load?: () => LoadStatus): void {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'The database answers' } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return load ? { status: 'ready', load: load() } : { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send(errorBody('database_unavailable', 'the database does not answer; check DATABASE_URL or the data directory'));
    }
  });

  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
