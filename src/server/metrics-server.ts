import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { installErrorHandler } from './http-error.ts';
import type { LevqorMetrics } from './metrics.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import { installSecurityHeaders } from './security-headers.ts';

/**
 * The listener of LEVQOR_METRICS_LISTEN: only /metrics, for a scraper on a private address. Any role
 * has one when configured, so worker-only processes can be scraped too.
 */
export function buildMetricsServer(metrics: LevqorMetrics, token: string | undefined, logger: Logger): FastifyInstance {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  installErrorHandler(app);
  installSecurityHeaders(app);
  registerMetricsRoute(app, metrics, { token, listenerOfItsOwn: true });
  return app;
}
