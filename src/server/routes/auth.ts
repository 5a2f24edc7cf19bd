import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../../accounts/account-service.ts';
import { REFERRAL_CODE_PATTERN } from '../../billing/referrals.ts';
import { MAX_PASSWORD_LENGTH } from '../../auth/passwords.ts';
import type { SessionStore } from '../../store/accounts/session-store.ts';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import { actorOf, principalOf, userOf } from '../auth/principal.ts';
import { clearSessionCookies, setSessionCookies } from '../auth/session-cookie.ts';
import { notFound } from '../http-error.ts';
import { idParams } from './schemas.ts';
import type { PublicUrl } from '../public-url.ts';
import { listOf, loginResponseSchema, meResponseSchema, noContent, sessionSchema, signupResponseSchema } from './account-schemas.ts';

export interface AuthRoutesOptions {
  accounts: AccountService;
  sessions: SessionStore;
  audit: AuditLog;
  publicUrl: PublicUrl;
  configuredPublicUrl: string | undefined;
}

const email = { type: 'string', format: 'email', maxLength: 254 } as const;
const password = { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH } as const;
const tags = ['auth'];

export function registerAuthRoutes(app: FastifyInstance, o: AuthRoutesOptions): void {
  app.post('/api/v1/auth/signup', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Create an account and its first workspace; starts a session',
      body: { type: 'object', required: ['email', 'password', 'workspaceName'], additionalProperties: false, properties: {
        email, password, workspaceName: { type: 'string', minLength: 1, maxLength: 100 },
        referralCode: { type: 'string', pattern: REFERRAL_CODE_PATTERN, description: 'The code of a referral link (`/signup?ref=<code>`): the new workspace is attributed to the workspace that shared it. An unknown code is ignored' },
      } },
      response: { 201: signupResponseSchema },
    },
  }, async (request, reply) => {
    const body = request.body as { email: string; password: string; workspaceName: string; referralCode?: string };
    const result = await o.accounts.signup(body, actorOf(request), o.publicUrl());
    setSessionCookies(reply, request, o.configuredPublicUrl, result.session);
    reply.status(201);
    return { user: result.user, workspace: result.workspace, csrfToken: result.session.csrfToken, verificationEmailSent: result.verificationEmailSent };
  });

  app.post('/api/v1/auth/login', {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign in; sets the session cookie', body: { type: 'object', required: ['email', 'password'], additionalProperties: false, properties: { email, password } }, response: { 200: loginResponseSchema } },
  }, async (request, reply) => {
    const { user, session } = await o.accounts.login(request.body as { email: string; password: string }, actorOf(request));
    setSessionCookies(reply, request, o.configuredPublicUrl, session);
    const { workspaces } = await o.accounts.profile(user.id);
    return { user: { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified }, workspaces, csrfToken: session.csrfToken };
  });

  app.post('/api/v1/auth/logout', { config: { access: 'user' }, schema: { tags, summary: 'Sign out this session', response: { 204: noContent } } }, async (request, reply) => {
    const user = userOf(request);
    await o.sessions.revoke(user.userId, user.sessionId);
    await o.audit.record({ workspaceId: null, actor: actorOf(request), action: 'auth.logout', target: { type: 'session', id: user.sessionId } });
    clearSessionCookies(reply);
    reply.status(204);
  });

  app.get('/api/v1/me', { config: { access: 'user' }, schema: { tags, summary: 'The signed-in user, their workspaces and the current one', response: { 200: meResponseSchema } } }, async (request) => {
    const principal = principalOf(request);
    const { user, workspaces } = await o.accounts.profile(principal.userId!);
    // A single sign-on session sees only the workspace it is confined to.
    const visible = principal.ssoWorkspaceId ? workspaces.filter((w) => w.id === principal.ssoWorkspaceId) : workspaces;
    return { user, workspaces: visible, currentWorkspace: principal.workspaceSlug, role: principal.role, csrfToken: principal.csrfToken };
  });

  app.get('/api/v1/auth/sessions', { config: { access: 'user' }, schema: { tags, summary: "The signed-in user's active sessions", response: { 200: listOf(sessionSchema) } } }, async (request) => {
    const user = userOf(request);
    const sessions = await o.sessions.list(user.userId);
    return { items: sessions.map((s) => ({ ...s, current: s.id === user.sessionId })), nextCursor: null };
  });

  app.delete('/api/v1/auth/sessions/:id', { config: { access: 'user' }, schema: { tags, summary: 'Revoke one of your sessions', params: idParams, response: { 204: noContent } } }, async (request, reply) => {
    const user = userOf(request);
    const { id } = request.params as { id: string };
    if (!(await o.sessions.revoke(user.userId, id))) throw notFound('session', id);
    await o.audit.record({ workspaceId: null, actor: actorOf(request), action: 'auth.session_revoke', target: { type: 'session', id } });
    reply.status(204);
  });

  app.post('/api/v1/auth/verify-email', {
    config: { access: 'public' },
    schema: { tags, summary: 'Confirm an email address with the token from the email', body: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 10, maxLength: 200 } } }, response: { 204: noContent } },
  }, async (request, reply) => {
    await o.accounts.verifyEmail((request.body as { token: string }).token);
    reply.status(204);
  });

  app.post('/api/v1/auth/verify-email/resend', { config: { access: 'user' }, schema: { tags, summary: 'Send the verification email again', response: { 200: { type: 'object', required: ['sent'], properties: { sent: { type: 'boolean', description: 'False when the address is verified already' } } } } } }, async (request) => {
    return { sent: await o.accounts.resendVerification(userOf(request).userId, o.publicUrl()) };
  });

  app.post('/api/v1/auth/password-reset', {
    config: { access: 'public' },
    schema: { tags, summary: 'Email a single-use password reset link (always answers 202)', body: { type: 'object', required: ['email'], properties: { email } }, response: { 202: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } } },
  }, async (request, reply) => {
    await o.accounts.requestPasswordReset((request.body as { email: string }).email, actorOf(request), o.publicUrl());
    reply.status(202);
    return { message: 'if an account exists for this address, a reset link is on its way' };
  });

  app.post('/api/v1/auth/password-reset/confirm', {
    config: { access: 'public' },
    schema: { tags, summary: 'Set a new password with the reset token; signs out every session', body: { type: 'object', required: ['token', 'password'], properties: { token: { type: 'string', minLength: 10, maxLength: 200 }, password } }, response: { 204: noContent } },
  }, async (request, reply) => {
    const body = request.body as { token: string; password: string };
    await o.accounts.confirmPasswordReset(body.token, body.password, actorOf(request));
    reply.status(204);
  });
}
