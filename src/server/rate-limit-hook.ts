import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../metering/rate-limits/rate-limiter.ts';
import { routeClassOf } from '../metering/rate-limits/route-class.ts';
import { verdictHeaders, type RouteClass, type Verdict } from '../metering/rate-limits/verdict.ts';
import { HttpError } from './http-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Refused by a rate limit: not counted as an API call (docs/metering.md). */
    rateLimited: boolean;
  }
  interface FastifyContextConfig {
    /** The rate-limit class of an /api/v1 route (default: from its URL, see route-class.ts); `none` exempts it. */
    rateLimitClass?: RouteClass | 'none';
  }
}

/**
 * Applies the rate limits (src/metering/rate-limits/) in an onRequest hook that runs after
 * authentication: webhooks by IP and workspace, routes without credentials by IP, authenticated /api/v1
 * routes by key and by workspace and route class. Limited routes carry RateLimit-* headers; a refusal is
 * 429 with Retry-After. A limiter failure lets the request through (logged): limits protect the service,
 * they must not take it down.
 */
export function installRateLimits(app: FastifyInstance, limiter: RateLimiter): void {
  app.decorateRequest('rateLimited', false);
  if (!limiter.enabled) return;
  app.addHook('onRequest', async (request, reply) => {
    let verdict: Verdict | undefined;
    try {
      verdict = await decide(request, limiter);
    } catch (error) {
      request.log.warn({ err: error }, 'rate limit check failed; the request was let through');
      return;
    }
    if (!verdict) return;
    const headers = verdictHeaders(verdict);
    if (verdict.allowed) {
      reply.headers(headers);
      return;
    }
    request.rateLimited = true;
    const { check } = verdict;
    const retryAfter = Number(headers['retry-after']);
    throw new HttpError(429, 'rate_limited', `rate limit reached: ${check.describe()}; retry after ${retryAfter} s`, {
      headers,
      details: { limit: check.kind, limitPerMinute: check.limit, routeClass: check.routeClass ?? null, loadTier: check.tier ?? null, retryAfterSeconds: retryAfter },
    });
  });
}

function decide(request: FastifyRequest, limiter: RateLimiter): Promise<Verdict | undefined> | undefined {
  const route = request.routeOptions.url;
  const config = request.routeOptions.config;
  if (!route || config.rateLimitClass === 'none') return undefined;
  if (route.startsWith('/hooks/')) return limiter.webhook(request.ip, (request.params as { workspace: string }).workspace);
  if (config.access === 'public') return limiter.publicRoute(request.ip);
  const principal = request.principal;
  if (!route.startsWith('/api/v1/') || !principal) return undefined;
  const principalKey = principal.kind === 'api_key' ? `key:${principal.keyId}` : `session:${principal.sessionId}`;
  return limiter.api({ principalKey, workspaceId: principal.workspaceId, workspaceSlug: principal.workspaceSlug }, routeClassOf(route, config.rateLimitClass));
}
