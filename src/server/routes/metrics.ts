import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.ts';
import type { LevqorMetrics } from '../metrics.ts';

export interface MetricsAccess {
  /** LEVQOR_METRICS_TOKEN: when set, every scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** True on the metrics listener (LEVQOR_METRICS_LISTEN), whose address is the access control. */
  listenerOfItsOwn: boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * `/metrics` (Prometheus). Not public: the numbers describe every tenant's traffic. With a token it is
 * served to those who send it; without one, only on the metrics listener.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: LevqorMetrics, access: MetricsAccess): void {
  app.get('/metrics', {
    schema: {
      tags: ['health'],
      summary: 'Prometheus metrics: with LEVQOR_METRICS_TOKEN, send it as a bearer token; without, 404 here (served on LEVQOR_METRICS_LISTEN if set)',
      security: [{ metricsToken: [] }],
    },
  }, async (request, reply) => {
    if (access.token !== undefined) {
      if (!bearerMatches(request, access.token)) {
        throw new HttpError(401, 'unauthorized', 'metrics need the token set in LEVQOR_METRICS_TOKEN: send "Authorization: Bearer <token>"', { headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
      }
    } else if (!access.listenerOfItsOwn) {
      throw new HttpError(404, 'metrics_not_public', 'metrics are not served here without a token: set LEVQOR_METRICS_TOKEN and scrape with "Authorization: Bearer <token>", or set LEVQOR_METRICS_LISTEN=host:port to serve them on a listener of their own');
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
