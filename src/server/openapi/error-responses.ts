/**
 * The error answers of an operation, documented from what the route is: who may call it, what it
 * validates, whether it names a resource. All of them share the one error schema (components.schemas.Error).
 */
import type { RouteOptions } from 'fastify';
import { errorSchema } from '../routes/schemas.ts';

const WHY: Record<string, string> = {
  400: 'The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field',
  401: 'No valid credentials: a missing, revoked or expired API key or session (unauthorized)',
  402: 'The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded)',
  403: 'Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace',
  404: 'Not found (not_found), or not in this workspace',
  409: 'Conflicts with the current state (for example a name or path already taken)',
  410: 'Gone: the link expired, or what it pointed to was replaced or deleted',
  413: 'The body is larger than the limit (payload_too_large)',
  405: 'The trigger does not accept this method (method_not_allowed)',
  415: 'The content type is not accepted here (unsupported_media_type)',
  422: 'Well-formed but not valid (validation_failed): error.details lists the issues',
  429: 'Rate limited (rate_limited): wait for the Retry-After header',
  503: 'The database does not answer or the server sheds load; retry after Retry-After',
};

/** Codes a route answers with for reasons of its own (conflicts, plan limits, domain validation). */
const ROUTE_ERRORS: Record<string, number[]> = {
  'GET /metrics': [401, 404],
  'GET /api/packs/:id/download': [403, 410],
  'POST /api/v1/auth/signup': [409],
  'POST /api/v1/auth/login': [401, 429],
  'POST /api/v1/auth/verify-email': [400],
  'POST /api/v1/auth/password-reset/confirm': [400],
  'GET /api/v1/auth/sso/:workspace/start': [404],
  'POST /api/v1/workspaces': [409],
  'PATCH /api/v1/members/:userId': [409],
  'DELETE /api/v1/members/:userId': [409],
  'POST /api/v1/invitations/accept': [400],
  'POST /api/v1/workflows': [409, 422],
  'POST /api/v1/workflows/validate': [422],
  'PUT /api/v1/workflows/:id': [409, 422],
  'POST /api/v1/workflows/:id/activate': [409],
  'POST /api/v1/runs/:id/cancel': [409],
  'POST /api/v1/runs/:id/retry': [409],
  'GET /api/v1/sso': [404],
  'PUT /api/v1/sso': [422],
  'DELETE /api/v1/sso': [404],
  'POST /api/v1/tables': [409, 422],
  'PATCH /api/v1/tables/:name': [409, 422],
  'POST /api/v1/tables/:name/rows': [409, 413, 422],
  'POST /api/v1/tables/:name/rows/upsert': [409, 413, 422],
  'PATCH /api/v1/tables/:name/rows/:id': [409, 413, 422],
  'POST /api/v1/packs/:id/checkout': [409],
  'POST /api/v1/templates/:id/install': [409, 422],
};

/** A response schema per status for the error codes given, each described and using the one error schema. */
export function errorResponses(...codes: number[]): Record<number, typeof errorSchema & { description: string }> {
  return Object.fromEntries(codes.map((code) => [code, { ...errorSchema, description: WHY[code] ?? 'Error' }]));
}

/** Codes a route outside /api/v1 (catalogs, downloads, metrics) answers with; none for health and webhooks. */
export function publicErrorCodes(route: RouteOptions): number[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const own = ROUTE_ERRORS[`${methods[0]} ${route.url}`] ?? [];
  return route.url.startsWith('/api/') && route.schema?.params ? [400, 404, ...own] : own;
}

/** The codes every /api/v1 route of this kind can answer with, beyond what the route declares itself. */
export function inferredErrorCodes(route: RouteOptions): number[] {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const config = (route.config ?? {}) as { access?: string; permission?: string };
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const codes = new Set<number>([503, ...(ROUTE_ERRORS[`${methods[0]} ${route.url}`] ?? [])]);
  if (schema.body || schema.querystring || schema.params || schema.headers) codes.add(400);
  if (schema.body) codes.add(413).add(415);
  if (config.access !== 'public') codes.add(401).add(403).add(429);
  if (config.access === undefined) codes.add(402);
  if (schema.params) codes.add(404);
  return [...codes].sort((a, b) => a - b);
}
