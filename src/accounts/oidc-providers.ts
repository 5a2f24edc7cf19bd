import * as oidc from 'openid-client';
import { AccountError } from './account-service.ts';
import type { Connection } from './sso-service.ts';
import { describe, insecure, refused } from './sso-checks.ts';

const DISCOVERY_TTL_MS = 5 * 60_000;
const HTTP_TIMEOUT_SECONDS = 10;

type Discovered = { metadata: oidc.ServerMetadata; expiresAt: number; jwks?: oidc.ExportedJWKSCache };

/**
 * OpenID Connect providers as seen from here: their discovered metadata and signing keys, cached per
 * issuer, and client configurations that reach them through the outbound-guarded fetch.
 */
export class OidcProviders {
  readonly #fetch: oidc.CustomFetch;
  readonly #discovered = new Map<string, Discovered>();

  constructor(fetch: oidc.CustomFetch) {
    this.#fetch = fetch;
  }

  /** The provider's metadata, discovered at most every few minutes per issuer (always when `fresh`). */
  async discover(issuer: string, fresh = false): Promise<oidc.ServerMetadata> {
    const cached = this.#discovered.get(issuer);
    if (!fresh && cached && cached.expiresAt > Date.now()) return cached.metadata;
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(new URL(issuer), 'levqor-discovery', undefined, undefined, {
        [oidc.customFetch]: this.#fetch,
        execute: insecure(issuer) ? [oidc.allowInsecureRequests] : [],
        timeout: HTTP_TIMEOUT_SECONDS,
      });
    } catch (error) {
      throw new AccountError(422, 'sso_discovery_failed', `could not read the OpenID Connect configuration of ${issuer} (${issuer.replace(/\/$/, '')}/.well-known/openid-configuration): ${describe(error)}`);
    }
    const metadata = { ...config.serverMetadata() } as oidc.ServerMetadata;
    const now = Date.now();
    if (this.#discovered.size > 100) for (const [key, entry] of this.#discovered) if (entry.expiresAt <= now) this.#discovered.delete(key);
    // Under the issuer as configured and as the provider spells it (what connections store).
    for (const key of new Set([issuer, metadata.issuer])) this.#discovered.set(key, { metadata, expiresAt: now + DISCOVERY_TTL_MS, jwks: this.#discovered.get(key)?.jwks });
    return metadata;
  }

  async client(connection: Connection, clientSecret: string | undefined): Promise<oidc.Configuration> {
    let metadata: oidc.ServerMetadata;
    try {
      metadata = await this.discover(connection.issuer);
    } catch (error) {
      if (error instanceof AccountError) throw refused('sso_discovery_failed', error.message);
      throw error;
    }
    // client_secret_basic is the default method in OpenID Connect; _post for providers that only offer it.
    const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const auth = clientSecret === undefined ? undefined : !methods.includes('client_secret_basic') && methods.includes('client_secret_post') ? oidc.ClientSecretPost(clientSecret) : oidc.ClientSecretBasic(clientSecret);
    const config = new oidc.Configuration(metadata, connection.clientId, clientSecret, auth);
    config[oidc.customFetch] = this.#fetch;
    config.timeout = HTTP_TIMEOUT_SECONDS;
    if (insecure(connection.issuer)) oidc.allowInsecureRequests(config);
    const jwks = this.#discovered.get(connection.issuer)?.jwks;
    if (jwks) oidc.setJwksCache(config, jwks);
    return config;
  }

  keepJwks(issuer: string, config: oidc.Configuration): void {
    const entry = this.#discovered.get(issuer);
    const jwks = oidc.getJwksCache(config);
    if (entry && jwks) entry.jwks = jwks;
  }
}
