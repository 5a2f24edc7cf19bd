import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'levqor_session';
export const CSRF_COOKIE = 'levqor_csrf';
export const CSRF_HEADER = 'x-csrf-token';

function secure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https:') ?? request.protocol === 'https';
}

/**
 * The session token travels in an httpOnly, SameSite=Lax cookie; the CSRF token in a readable cookie
 * (for the dashboard's scripts) that must be echoed in the X-CSRF-Token header of state changes.
 */
export function setSessionCookies(reply: FastifyReply, request: FastifyRequest, publicUrl: string | undefined, session: { token: string; csrfToken: string; expiresAt: Date }): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: secure(request, publicUrl), expires: session.expiresAt };
  reply.setCookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
