import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The app's own pages and API answers: script only from our origin, never inline, never framed. */
export const APP_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
/** The API reference (Swagger UI): its scripts and styles are files on our origin; its icons are data: images. */
export const DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
/**
 * Everything under /hooks/: tenant-authored answers on our origin. `sandbox` gives the document an
 * opaque origin and no script, so it can neither read nor set our cookies nor call the API as the user.
 */
export const TENANT_POLICY = "sandbox; frame-ancestors 'none'";
/** A form trigger's page: sandboxed like any tenant content, but its form may be submitted. */
export const FORM_POLICY = "sandbox allow-forms; frame-ancestors 'none'";

const formPages = new WeakSet<FastifyReply>();

/** Marks the reply as a form trigger's page, which may submit its form (see FORM_POLICY). */
export function allowFormSubmission(reply: FastifyReply): FastifyReply {
  formPages.add(reply);
  return reply;
}

function policyFor(request: FastifyRequest, reply: FastifyReply): string {
  const path = request.url.split('?', 1)[0];
  // The matched route too: a percent-encoded path may reach the hook routes without reading /hooks/.
  if (path.startsWith('/hooks/') || request.routeOptions.url?.startsWith('/hooks/')) return formPages.has(reply) ? FORM_POLICY : TENANT_POLICY;
  if (path === '/docs' || path.startsWith('/docs/')) return DOCS_POLICY;
  return APP_POLICY;
}

/**
 * Security headers on every answer, errors and 404s included. Set in onSend, after the handler, so a
 * respond step's own headers can never replace them.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', policyFor(request, reply));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
