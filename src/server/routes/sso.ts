import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SSO_CALLBACK_PATH, SSO_LOGIN_TTL_MS, SSO_ROLES, type SsoConfigInput, type SsoConfigView, type SsoService } from '../../accounts/sso-service.ts';
import { actingIn, actorOf, workspaceOf } from '../auth/principal.ts';
import { setSessionCookies } from '../auth/session-cookie.ts';
import { Refusal } from '../../contracts/refusal.ts';
import { HttpError } from '../http-error.ts';
import type { PublicUrl } from '../public-url.ts';
import { noContent } from './account-schemas.ts';

export interface SsoRoutesOptions {
  sso: SsoService;
  publicUrl: PublicUrl;
  configuredPublicUrl: string | undefined;
}

/** Binds a sign-in to the browser that started it: holds the state until the callback. */
const STATE_COOKIE = 'levqor_sso_state';
const STATE_COOKIE_PATH = '/api/v1/auth/sso/';
const tags = ['sso'];
/**
 * The web app's page for the end of a sign-in. A browser sent to start or callback lands there when the
 * sign-in is refused (`?error=<code>&message=`), instead of on a JSON error; API clients still get the JSON.
 */
export const SSO_RESULT_PAGE = '/sso/complete';

/** What the API shows of a connection: never the client secret (the schema drops anything else). */
const configSchema = {
  type: 'object',
  properties: {
    issuer: { type: 'string' },
    clientId: { type: 'string' },
    clientSecretSet: { type: 'boolean' },
    defaultRole: { type: 'string', enum: SSO_ROLES },
    allowedDomains: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    redirectUri: { type: 'string', description: 'Register this redirect URI for the client at the identity provider' },
    loginUrl: { type: 'string', description: 'Where members start a sign-in (add ?redirect=/path to land elsewhere than /)' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['issuer', 'clientId', 'clientSecretSet', 'defaultRole', 'allowedDomains', 'enabled', 'redirectUri', 'loginUrl', 'createdAt', 'updatedAt'],
  additionalProperties: false,
} as const;

const putBody = {
  type: 'object',
  required: ['issuer', 'clientId', 'defaultRole', 'enabled'],
  additionalProperties: false,
  properties: {
    issuer: { type: 'string', minLength: 1, maxLength: 500, description: 'Issuer URL of the OpenID Connect provider (https:)' },
    clientId: { type: 'string', minLength: 1, maxLength: 500 },
    clientSecret: { type: 'string', minLength: 1, maxLength: 4000, description: 'Required the first time; left out, the stored one is kept. Stored encrypted, never returned' },
    defaultRole: { type: 'string', enum: SSO_ROLES, description: 'Role of people who join through single sign-on' },
    allowedDomains: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 253 }, description: 'Email domains admitted; empty or absent admits every domain' },
    enabled: { type: 'boolean' },
  },
} as const;

export function registerSsoRoutes(app: FastifyInstance, o: SsoRoutesOptions): void {
  const redirectUri = () => `${o.publicUrl()}${SSO_CALLBACK_PATH}`;
  const present = (request: FastifyRequest, view: SsoConfigView) => ({
    ...view,
    redirectUri: redirectUri(),
    loginUrl: `${o.publicUrl()}/api/v1/auth/sso/${encodeURIComponent(request.principal!.workspaceSlug!)}/start`,
  });

  app.get('/api/v1/sso', {
    config: { permission: 'admin' },
    schema: { tags, summary: "The workspace's single sign-on (OpenID Connect) connection, without its client secret", response: { 200: configSchema } },
  }, async (request) => {
    const view = await o.sso.get(workspaceOf(request));
    if (!view) throw new HttpError(404, 'sso_not_configured', 'single sign-on is not set up for this workspace; set it up with PUT /api/v1/sso');
    return present(request, view);
  });

  app.put('/api/v1/sso', {
    config: { permission: 'admin' },
    schema: {
      tags,
      summary: 'Create (201) or replace (200) the single sign-on connection; the issuer is checked by discovery',
      body: putBody,
      response: { 200: configSchema, 201: configSchema },
    },
  }, async (request, reply) => {
    const { view, created } = await o.sso.configure(actingIn(request), request.body as SsoConfigInput);
    reply.status(created ? 201 : 200);
    return present(request, view);
  });

  app.delete('/api/v1/sso', {
    config: { permission: 'admin' },
    schema: { tags, summary: 'Remove the single sign-on connection and its client secret (members keep their accounts and roles)', response: { 204: noContent } },
  }, async (request, reply) => {
    await o.sso.remove(actingIn(request));
    reply.status(204);
  });

  // No HEAD twins: a link preview must not create or use up a sign-in.
  app.get('/api/v1/auth/sso/:workspace/start', {
    exposeHeadRoute: false,
    config: { access: 'public' },
    schema: {
      tags,
      summary: "Start a sign-in with the workspace's identity provider (302 to the provider; a refusal to a browser page navigation is a 302 to /sso/complete?error=&message=)",
      params: { type: 'object', required: ['workspace'], properties: { workspace: { type: 'string', minLength: 1, maxLength: 100 } } },
      querystring: { type: 'object', properties: { redirect: { type: 'string', maxLength: 2000, default: '/', description: 'A path on this site to land on after sign-in' } } },
    },
  }, async (request, reply) => {
    const { workspace } = request.params as { workspace: string };
    const { redirect } = request.query as { redirect: string };
    const started = await refusalToResultPage(request, reply, workspace, () => o.sso.start(workspace, redirect, redirectUri()));
    if (!started) return reply;
    const { url, state } = started;
    reply.setCookie(STATE_COOKIE, state, { ...stateCookie(request, o.configuredPublicUrl), maxAge: Math.floor(SSO_LOGIN_TTL_MS / 1000) });
    reply.header('cache-control', 'no-store');
    return reply.redirect(url, 302);
  });

  app.get(SSO_CALLBACK_PATH, {
    exposeHeadRoute: false,
    config: { access: 'public' },
    schema: {
      tags,
      summary: "The identity provider's redirect back: completes the sign-in, sets the session cookies, 302 to the path given at start (a refusal to a browser page navigation: 302 to /sso/complete?error=&message=)",
      querystring: {
        type: 'object',
        properties: {
          state: { type: 'string', maxLength: 500 },
          code: { type: 'string', maxLength: 4000 },
          error: { type: 'string', maxLength: 500 },
          error_description: { type: 'string', maxLength: 2000 },
        },
      },
    },
  }, async (request, reply) => {
    const browserState = request.cookies[STATE_COOKIE];
    reply.clearCookie(STATE_COOKIE, stateCookie(request, o.configuredPublicUrl));
    reply.header('cache-control', 'no-store');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const result = await refusalToResultPage(request, reply, undefined, () => o.sso.callback(query, browserState, redirectUri(), actorOf(request)));
    if (!result) return reply;
    setSessionCookies(reply, request, o.configuredPublicUrl, result.session);
    return reply.redirect(result.redirectAfter, 302);
  });
}

/** A page navigation (the browser asks for HTML), as opposed to an API client or a script. */
const isPageNavigation = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * Runs a step of the sign-in; when it is refused and a browser is on the page, redirects it to the web
 * app's result page with the code and message (answering undefined), so people see why in the app.
 */
async function refusalToResultPage<T>(request: FastifyRequest, reply: FastifyReply, workspace: string | undefined, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof Refusal) || !isPageNavigation(request)) throw error;
    const query = new URLSearchParams({ error: error.code, message: error.message });
    if (workspace) query.set('workspace', workspace);
    reply.header('cache-control', 'no-store');
    reply.redirect(`${SSO_RESULT_PAGE}?${query}`, 302);
    return undefined;
  }
}

function stateCookie(request: FastifyRequest, publicUrl: string | undefined) {
  const secure = publicUrl?.startsWith('https:') ?? request.protocol === 'https';
  // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
  return { path: STATE_COOKIE_PATH, httpOnly: true, sameSite: 'lax' as const, secure };
}
