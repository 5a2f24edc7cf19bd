import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../auth/permissions.ts';
import type { AuditActor } from '../../store/audit/audit-log.ts';
import type { Role } from '../../store/schema.ts';
import { HttpError } from '../http-error.ts';

/** Who is calling, and in which workspace they act. */
export interface Principal {
  kind: 'api_key' | 'session';
  userId: string | null;
  email: string | null;
  keyId: string | null;
  keyName: string | null;
  sessionId: string | null;
  csrfToken: string | null;
  /** Null only on user routes when the user has no workspace yet. */
  workspaceId: string | null;
  workspaceSlug: string | null;
  /** A session's role in the workspace, or the role an API key acts with (its scopes capped by its creator's role). */
  role: Role | null;
  scopes: string[];
  /** For an API key: the member whose power it carries (null for an operator key). */
  keyCreatorId: string | null;
  /** Set when a single sign-on session is confined to this workspace (see authenticate.ts). */
  ssoWorkspaceId?: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the caller needs in the workspace. Routes under /api/v1 without it need `admin`. */
    permission?: Permission;
    /** `public`: no credentials; `user`: a signed-in user (session), whatever the workspace. */
    access?: 'public' | 'user';
    /**
     * The workspace may also be named by the `workspace` query parameter (its slug), for clients that
     * cannot send the Levqor-Workspace header (a browser's EventSource).
     */
    workspaceInQuery?: boolean;
  }
}

/** The authenticated workspace of a request; throws if none was resolved (never falls back). */
export function workspaceOf(request: FastifyRequest): string {
  if (!request.principal?.workspaceId) throw new HttpError(403, 'no_workspace', 'no workspace is selected: send the Levqor-Workspace header with a workspace slug you belong to');
  return request.principal.workspaceId;
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError(401, 'unauthorized', 'this route needs credentials');
  return request.principal;
}

/** The signed-in user of a session request. */
export function userOf(request: FastifyRequest): { userId: string; email: string; sessionId: string } {
  const p = request.principal;
  if (!p?.userId || !p.sessionId || !p.email) throw new HttpError(403, 'user_required', 'this route needs a signed-in user (session cookie), not an API key');
  return { userId: p.userId, email: p.email, sessionId: p.sessionId };
}

/** The caller as recorded in the audit log. */
export function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  const common = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
  if (p?.kind === 'session') return { type: 'user', id: p.userId, label: p.email, ...common };
  if (p?.kind === 'api_key') return { type: 'api_key', id: p.keyId, label: p.keyName, ...common };
  return { type: 'anonymous', id: null, label: null, ...common };
}

/** The workspace, role and actor of a workspace-scoped request, for services that audit what they do. */
export function actingIn(request: FastifyRequest): { workspaceId: string; workspaceSlug: string; role: Role | null; userId: string | null; keyCreatorId: string | null; actor: AuditActor } {
  const p = principalOf(request);
  return { workspaceId: workspaceOf(request), workspaceSlug: p.workspaceSlug!, role: p.role, userId: p.userId, keyCreatorId: p.keyCreatorId, actor: actorOf(request) };
}
