import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CallQuota } from '../metering/quota-calls.ts';
import { refusalDetails } from '../metering/quota-refusal.ts';
import { HttpError } from './http-error.ts';

/**
 * Routes that stay open when the API-call quota is used up: what a workspace needs to see its usage and
 * fix the situation (plans, billing, usage, its account, the list of its workspaces).
 */
const OPEN_PREFIXES = ['/api/v1/usage', '/api/v1/plans', '/api/v1/billing', '/api/v1/auth', '/api/v1/me'];

function staysOpen(method: string, route: string): boolean {
  if (method === 'GET' && route === '/api/v1/workspaces') return true;
  return OPEN_PREFIXES.some((prefix) => route === prefix || route.startsWith(`${prefix}/`));
}

/**
 * Refuses authenticated /api/v1 calls with 402 `quota_exceeded` once a workflow plan or trial used its
 * included API calls for the period. Runs after authentication (hooks run in order), so a call without
 * credentials still gets 401 and one without permission 403. A refused call is not metered.
 */
export function installQuotaGuard(app: FastifyInstance, calls: CallQuota): { refused(request: FastifyRequest): boolean } {
  const refused = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    const workspaceId = request.principal?.workspaceId;
    if (!route?.startsWith('/api/v1/') || !workspaceId || request.routeOptions.config.access !== undefined) return;
    if (staysOpen(request.method, route)) return;
    const refusal = await calls.check(workspaceId);
    if (!refusal) return;
    refused.add(request);
    throw new HttpError(402, 'quota_exceeded', refusal.message, { details: refusalDetails(refusal) });
  });
  return { refused: (request) => refused.has(request) };
}
