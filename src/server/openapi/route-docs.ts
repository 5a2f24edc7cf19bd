/**
 * What the OpenAPI document says beyond each route's own schema: a stable operationId, the error answers,
 * and who may call it (security). Set when a route is added (`onRoute`), so every route is covered alike.
 */
import type { RouteOptions } from 'fastify';
import { errorSchema } from '../routes/schemas.ts';
import { errorResponses, inferredErrorCodes, publicErrorCodes } from './error-responses.ts';
import { OPERATION_IDS } from './operation-ids.ts';

/** No credentials: anyone may call it (sign-up, plans, catalogs, webhooks, health). */
const PUBLIC: [] = [];
const READ = [{ bearer: [] }, { session: [] }];
const WRITE = [{ bearer: [] }, { session: [], csrf: [] }];
const USER_READ = [{ session: [] }];
const USER_WRITE = [{ session: [], csrf: [] }];

export function describeRoute(route: RouteOptions): void {
  if (!route.schema) return;
  // Its own copy: routes registered with one shared schema object still get their own operationId.
  const schema = { ...(route.schema as Record<string, unknown>) };
  route.schema = schema;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const id = OPERATION_IDS[`${methods[0]} ${route.url}`];
  if (id && schema.operationId === undefined) schema.operationId = id;
  if (!route.url.startsWith('/api/v1')) {
    if (schema.security === undefined) schema.security = route.url === '/metrics' ? [{ metricsToken: [] }] : PUBLIC;
    const codes = publicErrorCodes(route);
    if (codes.length > 0) schema.response = { ...errorResponses(...codes), ...(schema.response as object) };
    return;
  }
  const access = (route.config as { access?: string } | undefined)?.access;
  const reads = methods.every((m) => m === 'GET' || m === 'HEAD');
  if (schema.security === undefined) {
    schema.security = access === 'public' ? PUBLIC : access === 'user' ? (reads ? USER_READ : USER_WRITE) : reads ? READ : WRITE;
  }
  schema.response = { ...errorResponses(...inferredErrorCodes(route)), ...(schema.response as object), '4XX': errorSchema, '5XX': errorSchema };
}
