import { AccountError } from './account-service.ts';
import type { Connection, SsoConfigView, SsoRole } from './sso-service.ts';

/* Checks and conversions of single sign-on settings and errors, kept apart from the login flow. */

const MAX_ALLOWED_DOMAINS = 50;

export function connectionOf(row: { workspace_id: string; issuer: string; client_id: string; client_secret_name: string; default_role: SsoRole; allowed_domains: string[]; enabled: boolean; created_at: Date; updated_at: Date }): Connection {
  return {
    workspaceId: row.workspace_id,
    issuer: row.issuer,
    clientId: row.client_id,
    secretName: row.client_secret_name,
    defaultRole: row.default_role,
    allowedDomains: row.allowed_domains,
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function viewOf(c: Connection, clientSecretSet: boolean): SsoConfigView {
  return { issuer: c.issuer, clientId: c.clientId, clientSecretSet, defaultRole: c.defaultRole, allowedDomains: c.allowedDomains, enabled: c.enabled, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

export const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Plain http: accepted only for an issuer on localhost (checkIssuer), for development and tests. */
export function insecure(issuer: string): boolean {
  return new URL(issuer).protocol === 'http:';
}

export function checkIssuer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid('body.issuer', `issuer "${clip(raw, 200)}" is not a URL; use the provider's issuer URL, such as https://login.example.com`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw invalid('body.issuer', 'issuer must be an https: URL (plain http: only for a provider on localhost)');
  }
  if (url.search || url.hash || url.username || url.password) throw invalid('body.issuer', 'issuer must not carry a query, fragment or credentials');
  return raw.trim();
}

export const DOMAIN = /^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;

export function checkDomains(domains: string[]): string[] {
  if (domains.length > MAX_ALLOWED_DOMAINS) throw invalid('body.allowedDomains', `at most ${MAX_ALLOWED_DOMAINS} domains`);
  const cleaned = domains.map((d) => d.trim().toLowerCase().replace(/^@/, ''));
  cleaned.forEach((d, i) => {
    if (!DOMAIN.test(d)) throw invalid(`body.allowedDomains.${i}`, `"${clip(d, 100)}" is not an email domain such as example.com`);
  });
  return [...new Set(cleaned)];
}

/** Why `path` is not a safe place to send the browser after sign-in (a path on this site), or undefined. */
export function redirectProblem(path: string): string | undefined {
  if (path.length > 2000) return 'redirect must be at most 2000 characters';
  // "//host" and "/\host" leave the site; backslashes and control characters are refused outright.
  if (!path.startsWith('/') || path.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(path)) {
    return 'redirect must be a relative path on this site, such as /workflows';
  }
  return undefined;
}

export function describe(error: unknown): string {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    // The outbound address policy explains itself (and how to allow the address).
    if ((e as { code?: unknown }).code === 'address_blocked') return (e as Error).message;
  }
  const e = error as { error?: unknown; error_description?: unknown; message?: unknown; cause?: unknown };
  const oauthError = (o: { error?: unknown; error_description?: unknown }) =>
    typeof o.error === 'string' ? (typeof o.error_description === 'string' ? `${o.error}: ${clip(o.error_description, 300)}` : o.error) : undefined;
  // ResponseBodyError and AuthorizationResponseError carry the OAuth error; a WWW-Authenticate
  // challenge (e.g. a wrong client secret) carries it in its parameters.
  const direct = oauthError(e);
  if (direct) return direct;
  if (Array.isArray(e.cause)) {
    const challenge = (e.cause as { parameters?: { error?: unknown; error_description?: unknown } }[]).map((c) => c.parameters && oauthError(c.parameters)).find(Boolean);
    if (challenge) return challenge;
  }
  const message = typeof e.message === 'string' ? e.message : String(error);
  const cause = e.cause as { message?: unknown; code?: unknown } | undefined;
  const detail = cause && typeof cause.message === 'string' && cause.message !== message ? ` (${typeof cause.code === 'string' ? `${cause.code}: ` : ''}${cause.message})` : '';
  return clip(message + detail, 500);
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A refused setting, named by its path in `details` like the API's other validation_failed answers (forms show it at the field). */
export function invalid(path: string, message: string): AccountError {
  return new AccountError(400, 'validation_failed', `${path}: ${message}`, undefined, [{ path, message }]);
}

export function refused(code: string, message: string): AccountError {
  return new AccountError(400, code, message);
}

export function notConfigured(slug: string): AccountError {
  return new AccountError(404, 'sso_not_configured', `single sign-on is not set up for workspace "${slug}"; an admin sets it up with PUT /api/v1/sso`);
}

export function disabled(slug: string): AccountError {
  return new AccountError(400, 'sso_disabled', `single sign-on is turned off for workspace "${slug}"; an admin can enable it (PUT /api/v1/sso with enabled: true), or sign in with your password`);
}
