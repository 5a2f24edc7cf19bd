import type {} from '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiKeyRole, roleAllows } from '../../auth/permissions.ts';
import type { AccessStore } from '../../store/accounts/access-store.ts';
import type { SessionStore } from '../../store/accounts/session-store.ts';
import type { WorkspaceStore } from '../../store/workspaces/workspace-store.ts';
import { HttpError } from '../http-error.ts';
import type { Principal } from './principal.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './session-cookie.ts';

export const WORKSPACE_HEADER = 'levqor-workspace';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Account-wide routes a single sign-on session may use; it is refused the others. */
const SSO_SESSION_USER_ROUTES = new Set(['/api/v1/me', '/api/v1/auth/logout']);
const bearer = { 'www-authenticate': 'Bearer' };

export interface AuthenticateOptions {
  workspaces: WorkspaceStore;
  sessions: SessionStore;
  access: AccessStore;
  prefix: string;
}

/**
 * Resolves the caller on every route under `prefix` and checks what the route needs (its `access` and
 * `permission` config). Fails closed: no credentials, no workspace, or no permission → error.
 * An API key acts in its own workspace with its scopes; a session acts in the workspace named by the
 * Levqor-Workspace header (else the user's first) with the user's role there, and must echo its CSRF
 * token on state changes.
 */
export function installAuthentication(app: FastifyInstance, o: AuthenticateOptions): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    // The matched route, not the raw URL: `/%61pi/v1/…` reaches an /api/v1 route and must be checked alike.
    if (!(request.routeOptions.url ?? request.url).startsWith(o.prefix)) return;
    const config = request.routeOptions.config;
    if (config.access === 'public') return;
    const principal = request.headers.authorization !== undefined ? await fromApiKey(request, o) : await fromSession(request, o);
    request.principal = principal;
    if (config.access === 'user') {
      if (principal.kind !== 'session') throw new HttpError(403, 'user_required', 'this route needs a signed-in user (session cookie), not an API key');
      return;
    }
    if (!principal.workspaceId) throw new HttpError(403, 'no_workspace', 'you belong to no workspace yet: create one (POST /api/v1/workspaces) or accept an invitation');
    const needed = config.permission ?? 'admin';
    if (!roleAllows(principal.role, needed)) {
      const cap = principal.keyCreatorId ? ", capped by its creator's current role" : '';
      const holder = principal.kind === 'api_key' ? `this API key (scopes: ${principal.scopes.join(', ') || 'none'}; acting as ${principal.role ?? 'nothing'}${cap}) does` : `your role (${principal.role}) does`;
      throw new HttpError(403, 'forbidden', `this action needs ${needed} permission in workspace "${principal.workspaceSlug}"; ${holder} not grant it`);
    }
  });
}

/** The workspace the request names: the Levqor-Workspace header, or the `workspace` query parameter where the route allows it. */
function namedWorkspace(request: FastifyRequest): string | string[] | undefined {
  const header = request.headers[WORKSPACE_HEADER];
  if (header !== undefined || !request.routeOptions.config.workspaceInQuery) return header;
  const query = (request.query ?? {}) as Record<string, unknown>;
  return typeof query.workspace === 'string' && query.workspace !== '' ? query.workspace : undefined;
}

async function fromApiKey(request: FastifyRequest, o: AuthenticateOptions): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new HttpError(401, 'unauthorized', 'the Authorization header must be "Bearer <api key>"', { headers: bearer });
  const key = await o.workspaces.authenticate(match[1]);
  if (!key) throw new HttpError(401, 'unauthorized', 'the API key is not valid, was revoked, or has expired; create a new key', { headers: bearer });
  if (key.creator && !key.creator.role) {
    throw new HttpError(401, 'unauthorized', `the member who created this API key no longer belongs to workspace "${key.workspaceSlug}", so the key no longer works; a current admin can create a new key`, { headers: bearer });
  }
  const named = namedWorkspace(request);
  if (typeof named === 'string' && named !== key.workspaceSlug) {
    throw new HttpError(403, 'wrong_workspace', `this API key belongs to workspace "${key.workspaceSlug}", not "${named}"; use a key of that workspace`);
  }
  return {
    kind: 'api_key',
    userId: null,
    email: null,
    keyId: key.keyId,
    keyName: key.keyName,
    sessionId: null,
    csrfToken: null,
    workspaceId: key.workspaceId,
    workspaceSlug: key.workspaceSlug,
    role: apiKeyRole(key.scopes, key.creator?.role ?? null),
    scopes: key.scopes,
    keyCreatorId: key.creator?.userId ?? null,
  };
}

async function fromSession(request: FastifyRequest, o: AuthenticateOptions): Promise<Principal> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new HttpError(401, 'unauthorized', 'missing credentials: sign in (POST /api/v1/auth/login) or send "Authorization: Bearer <api key>"', { headers: bearer });
  const session = await o.sessions.find(token);
  if (!session) throw new HttpError(401, 'session_expired', 'your session has expired or was signed out; sign in again');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
      throw new HttpError(403, 'csrf_failed', `state-changing requests from a session must send the ${CSRF_HEADER} header with the csrfToken from sign-in (also in the levqor_csrf cookie)`);
    }
  }
  const named = namedWorkspace(request);
  // A single sign-on session acts only in the workspace whose identity provider vouched for it: that
  // provider is trusted by that workspace's admins, not by the account's other workspaces.
  const confined = session.ssoWorkspace;
  if (confined) {
    const elsewhere = typeof named === 'string' && named !== confined.slug;
    if (elsewhere || (request.routeOptions.config.access === 'user' && !SSO_SESSION_USER_ROUTES.has(request.routeOptions.url ?? ''))) {
      throw new HttpError(403, 'sso_session_confined', `this session was started with single sign-on of workspace "${confined.slug}" and acts only there; sign in with your password ${elsewhere ? `to use workspace "${named}"` : 'for account-wide actions'}`);
    }
  }
  const workspace = confined
    ? await o.access.roleBySlug(session.userId, confined.slug)
    : typeof named === 'string' ? await o.access.roleBySlug(session.userId, named) : await o.access.firstWorkspace(session.userId);
  if (typeof named === 'string' && !workspace) {
    throw new HttpError(404, 'workspace_not_found', `workspace "${named}" was not found among the workspaces you belong to`);
  }
  return {
    kind: 'session',
    userId: session.userId,
    email: session.email,
    keyId: null,
    keyName: null,
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
    workspaceId: workspace?.id ?? null,
    workspaceSlug: workspace?.slug ?? null,
    role: workspace?.role ?? null,
    scopes: [],
    keyCreatorId: null,
    ssoWorkspaceId: confined?.id ?? null,
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
