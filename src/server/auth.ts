import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, WorkspaceStore } from '../store/workspaces/workspace-store.ts';
import { HttpError } from './http-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
  }
}

/** Requires `Authorization: Bearer <api key>` on every route under `prefix`; fails closed. */
export function installApiKeyAuth(app: FastifyInstance, workspaces: WorkspaceStore, prefix: string): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(prefix)) return;
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'unauthorized', 'missing credentials: send the header "Authorization: Bearer <api key>"', { headers: { 'www-authenticate': 'Bearer' } });
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthorized', 'the Authorization header must be "Bearer <api key>"', { headers: { 'www-authenticate': 'Bearer' } });
    const principal = await workspaces.authenticate(match[1]);
    if (!principal) throw new HttpError(401, 'unauthorized', 'the API key is not valid, was revoked, or has expired; create a new key', { headers: { 'www-authenticate': 'Bearer' } });
    request.principal = principal;
  });
}

/** The authenticated workspace of a request; throws if none was resolved (never falls back). */
export function workspaceOf(request: FastifyRequest): string {
  if (!request.principal) throw new HttpError(401, 'unauthorized', 'this route needs an API key');
  return request.principal.workspaceId;
}
