import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/* A real OpenID Connect provider and a cookie-keeping browser, for the single sign-on suites. */

export const CLIENT_ID = 'levqor-acme';
export const CLIENT_SECRET = 'provider-client-secret-7f3a9c2e51d8';

export type Claims = { email?: string; email_verified?: boolean; name?: string };

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 with one confidential client. Its
 * login and consent pages are this test: the account to sign in as is set with `nextAccount` (null
 * denies the request), and consent is granted with a Grant for the requested scopes.
 */
export async function startProvider(redirectUri: string, accounts: Record<string, Claims>) {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    findAccount: (_ctx, sub) => (accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...accounts[sub] }) } : undefined),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    jwks: { keys: [{ ...jwk, kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
  });
  const state = { nextAccount: null as string | null };
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (!state.nextAccount) return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user cancelled the sign-in' }, { mergeWithLastSubmission: false });
        return provider.interactionFinished(req, res, { login: { accountId: state.nextAccount } }, { mergeWithLastSubmission: false });
      }
      const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((error: Error) => {
      res.statusCode = 500;
      res.end(error.message);
    });
  });
  return {
    issuer,
    state,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A browser as far as cookies and redirects go: one cookie jar per origin, redirects followed by hand. */
export class Browser {
  readonly jar = new Map<string, Map<string, string>>();

  cookies(origin: string): Map<string, string> {
    let cookies = this.jar.get(origin);
    if (!cookies) this.jar.set(origin, (cookies = new Map()));
    return cookies;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const { origin } = new URL(url);
    const cookies = this.cookies(origin);
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}), ...headers },
      signal: AbortSignal.timeout(10_000),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie) || /max-age=0\b/i.test(cookie)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until one leads to `stopAt`'s origin and path; answers that URL. */
  async followUntil(url: string, stopAt: string): Promise<string> {
    let current = url;
    for (let hop = 0; hop < 15; hop++) {
      const response = await this.get(current);
      const location = response.headers.get('location');
      await response.arrayBuffer();
      if (!location || response.status < 300 || response.status > 399) throw new Error(`expected a redirect from ${current}, got ${response.status}`);
      const next = new URL(location, current);
      if (`${next.origin}${next.pathname}` === stopAt) return next.href;
      current = next.href;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
