import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { hashToken } from '../auth/secret-token.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { EmailTakenError, normaliseEmail, type User } from '../store/accounts/user-store.ts';
import type { AuditActor } from '../store/audit/audit-log.ts';
import type { Role } from '../store/schema.ts';
import { AccountError, type AccountStores, type NewSession } from './account-service.ts';
import { OidcProviders } from './oidc-providers.ts';
import { Refusal } from '../contracts/refusal.ts';
import { actingAs, mayGrant, type ActingIn } from './workspace-service.ts';
import { checkDomains, checkIssuer, clip, connectionOf, describe, disabled, invalid, notConfigured, redirectProblem, refused, viewOf } from './sso-checks.ts';

export type SsoRole = Exclude<Role, 'owner'>;
export const SSO_ROLES: readonly SsoRole[] = ['admin', 'editor', 'viewer'];
/** The workspace secret that holds the OIDC client secret (reserved: see RESERVED_SECRET_NAMES). */
export const SSO_CLIENT_SECRET_NAME = 'SSO_CLIENT_SECRET';
/** Path of the redirect URI to register at the identity provider, under the public URL. */
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';
export const SSO_LOGIN_TTL_MS = 10 * 60_000;
const SCOPE = 'openid email profile';

export interface SsoConfigInput {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  defaultRole: SsoRole;
  allowedDomains?: string[];
  enabled: boolean;
}

/** What the API shows of a connection: never the client secret. */
export interface SsoConfigView {
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  defaultRole: SsoRole;
  allowedDomains: string[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SsoCallbackResult {
  user: User;
  session: NewSession;
  workspace: { id: string; slug: string };
  redirectAfter: string;
  /** True when this sign-in made the user a member (just-in-time). */
  joined: boolean;
}

export type Connection = { workspaceId: string; issuer: string; clientId: string; secretName: string; defaultRole: SsoRole; allowedDomains: string[]; enabled: boolean; createdAt: Date; updatedAt: Date };
/**
 * Single sign-on with OpenID Connect, one connection per workspace (authorization code flow with PKCE,
 * state and nonce; openid-client validates the ID token). A sign-in finds the user by their verified
 * email, creates them without a password when new, makes them a member with the connection's default
 * role when they are not one yet (an existing role is never changed), and starts a session.
 */
export class SsoService {
  readonly #s: AccountStores;
  readonly #secrets: SecretStore;
  readonly #providers: OidcProviders;

  constructor(stores: AccountStores, secrets: SecretStore, fetch: oidc.CustomFetch) {
    this.#s = stores;
    this.#secrets = secrets;
    this.#providers = new OidcProviders(fetch);
  }

  async get(workspaceId: string): Promise<SsoConfigView | undefined> {
    const connection = await this.#connection(workspaceId);
    if (!connection) return undefined;
    const secret = await this.#s.db.selectFrom('secrets').select('name').where('workspace_id', '=', workspaceId).where('name', '=', connection.secretName).executeTakeFirst();
    return viewOf(connection, secret !== undefined);
  }

  /** Creates or replaces the workspace's connection; discovery must succeed with the given issuer. */
  async configure(at: ActingIn, input: SsoConfigInput): Promise<{ view: SsoConfigView; created: boolean }> {
    if (!mayGrant(at, input.defaultRole)) throw new AccountError(403, 'forbidden', `${actingAs(at)} cannot make ${input.defaultRole} the default role`);
    const issuer = checkIssuer(input.issuer);
    const allowedDomains = checkDomains(input.allowedDomains ?? []);
    const clientId = input.clientId.trim();
    if (!clientId) throw invalid('body.clientId', 'clientId must not be empty');
    const existing = await this.#connection(at.workspaceId);
    const clientSecret = input.clientSecret ?? (existing ? await this.#secrets.get(at.workspaceId, existing.secretName) : undefined);
    if (!clientSecret) throw invalid('body.clientSecret', 'clientSecret is required when single sign-on is first configured (later it may be left out to keep the stored one)');
    const metadata = await this.#providers.discover(issuer, true);
    if (input.clientSecret !== undefined) await this.#secrets.put(at.workspaceId, SSO_CLIENT_SECRET_NAME, input.clientSecret);
    const row = await this.#s.db
      .insertInto('sso_connections')
      .values({ workspace_id: at.workspaceId, issuer: metadata.issuer, client_id: clientId, client_secret_name: SSO_CLIENT_SECRET_NAME, default_role: input.defaultRole, allowed_domains: allowedDomains, enabled: input.enabled })
      .onConflict((oc) =>
        oc.column('workspace_id').doUpdateSet({ issuer: metadata.issuer, client_id: clientId, client_secret_name: SSO_CLIENT_SECRET_NAME, default_role: input.defaultRole, allowed_domains: allowedDomains, enabled: input.enabled, updated_at: sql<Date>`now()` }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#s.audit.record({
      workspaceId: at.workspaceId,
      actor: at.actor,
      action: 'sso.configure',
      target: { type: 'sso_connection', id: at.workspaceId },
      details: { issuer: row.issuer, clientId, defaultRole: input.defaultRole, allowedDomains, enabled: input.enabled, clientSecretChanged: input.clientSecret !== undefined, created: !existing },
    });
    return { view: viewOf(connectionOf(row), true), created: !existing };
  }

  /** Removes the connection and its client secret. */
  async remove(at: ActingIn): Promise<void> {
    const existing = await this.#connection(at.workspaceId);
    if (!existing) throw notConfigured(at.workspaceSlug);
    await this.#s.db.deleteFrom('sso_connections').where('workspace_id', '=', at.workspaceId).execute();
    await this.#secrets.delete(at.workspaceId, existing.secretName);
    await this.#s.audit.record({ workspaceId: at.workspaceId, actor: at.actor, action: 'sso.delete', target: { type: 'sso_connection', id: at.workspaceId }, details: { issuer: existing.issuer, clientId: existing.clientId } });
  }

  /**
   * Begins a sign-in: stores a single-use, 10-minute login (hash of the state, PKCE verifier, nonce,
   * where to go after) and answers the provider's authorization URL and the state (for the browser
   * binding cookie).
   */
  async start(workspaceSlug: string, redirectAfter: string, redirectUri: string): Promise<{ url: string; state: string }> {
    const workspace = await this.#s.workspaces.findBySlug(workspaceSlug);
    const connection = workspace && (await this.#connection(workspace.id));
    if (!workspace || !connection) throw notConfigured(workspaceSlug);
    if (!connection.enabled) throw disabled(workspaceSlug);
    const problem = redirectProblem(redirectAfter);
    if (problem) throw invalid('querystring.redirect', problem);
    const config = await this.#providers.client(connection, undefined);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const db = this.#s.db;
    // Rows expired for a day are of no use, even to explain a late callback.
    await db.deleteFrom('sso_logins').where('expires_at', '<', sql<Date>`now() - interval '1 day'`).execute();
    await db
      .insertInto('sso_logins')
      .values({ state_hash: hashToken(state), workspace_id: workspace.id, code_verifier: codeVerifier, nonce, redirect_after: redirectAfter, expires_at: new Date(Date.now() + SSO_LOGIN_TTL_MS) })
      .execute();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: SCOPE,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Completes a sign-in from the provider's redirect. `query` is the callback's raw query string;
   * `browserState` the state from the cookie set at start (binds the sign-in to the browser that began
   * it, so a callback link cannot sign someone else in).
   */
  async callback(query: string, browserState: string | undefined, redirectUri: string, actor: AuditActor): Promise<SsoCallbackResult> {
    const params = new URLSearchParams(query);
    const state = params.get('state');
    if (!state) throw refused('sso_state_invalid', 'the sign-in response has no state parameter; start the sign-in again');
    if (!browserState || browserState !== state) {
      throw refused('sso_state_mismatch', 'this sign-in was not started in this browser, or its cookie expired (sign-ins must finish within 10 minutes); start the sign-in again');
    }
    const login = await this.#consume(state);
    if (!login) throw refused('sso_state_invalid', 'the sign-in state is unknown, already used or expired (sign-ins must finish within 10 minutes); start the sign-in again');
    const workspace = (await this.#s.workspaces.findById(login.workspaceId))!;
    const seen: { email?: string } = {};
    try {
      return await this.#complete(params, state, login, { id: workspace.id, slug: workspace.slug }, redirectUri, actor, seen);
    } catch (error) {
      // Refusals after a genuine start are the workspace's business: its admins see them in the audit log.
      if (error instanceof Refusal) {
        await this.#s.audit.record({ workspaceId: workspace.id, actor: { ...actor, label: seen.email ?? null }, action: 'auth.sso_login_failed', details: { code: error.code, reason: error.message, email: seen.email ?? null } });
      }
      throw error;
    }
  }

  async #complete(
    params: URLSearchParams,
    state: string,
    login: { workspaceId: string; codeVerifier: string; nonce: string; redirectAfter: string },
    workspace: { id: string; slug: string },
    redirectUri: string,
    actor: AuditActor,
    seen: { email?: string },
  ): Promise<SsoCallbackResult> {
    const providerError = params.get('error');
    if (providerError) {
      const description = params.get('error_description');
      throw refused('sso_provider_error', `the identity provider refused the sign-in: ${clip(providerError, 100)}${description ? ` (${clip(description, 300)})` : ''}`);
    }
    const connection = await this.#connection(login.workspaceId);
    if (!connection) throw notConfigured(workspace.slug);
    if (!connection.enabled) throw disabled(workspace.slug);

    const clientSecret = await this.#secrets.get(connection.workspaceId, connection.secretName);
    if (!clientSecret) throw refused('sso_misconfigured', `single sign-on of workspace "${workspace.slug}" has no client secret; an admin must set it again (PUT /api/v1/sso)`);
    const config = await this.#providers.client(connection, clientSecret);
    const currentUrl = new URL(redirectUri);
    currentUrl.search = params.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: login.codeVerifier,
        expectedNonce: login.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      this.#providers.keepJwks(connection.issuer, config);
      const idToken = tokens.claims()!;
      claims = { ...idToken };
      // Many providers put the email in the ID token; others (oidc-provider by default) only in userinfo.
      if (typeof idToken.email !== 'string') claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    } catch (error) {
      throw refused('sso_failed', `the sign-in with ${connection.issuer} could not be completed: ${describe(error)}`);
    }

    const sub = String(claims.sub);
    if (typeof claims.email !== 'string' || !claims.email.includes('@')) {
      throw refused('sso_email_missing', 'the identity provider sent no email address for this account; it must release the "email" claim to Levqor');
    }
    const email = normaliseEmail(claims.email);
    seen.email = email;
    const verified = claims.email_verified;
    if (verified === false || verified === 'false') throw refused('sso_email_unverified', `the identity provider says ${email} is not verified; verify it there, then sign in again`);
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (connection.allowedDomains.length > 0 && !connection.allowedDomains.includes(domain)) {
      throw refused('sso_domain_not_allowed', `${email} may not sign in to workspace "${workspace.slug}" with single sign-on: its domain ${domain} is not among the allowed domains (${connection.allowedDomains.join(', ')})`);
    }

    const s = this.#s;
    const name = typeof claims.name === 'string' ? clip(claims.name, 200) : null;
    let user: User | undefined = await s.users.findByEmail(email);
    let created = false;
    if (!user) {
      try {
        // Just in time: no password (sign-in through the provider, or a password reset later).
        user = await s.users.create(s.db, email, null, name, true);
        created = true;
      } catch (error) {
        if (!(error instanceof EmailTakenError)) throw error;
        user = (await s.users.findByEmail(email))!;
      }
    }
    user = { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified || verified === true, createdAt: user.createdAt };
    const ssoActor: AuditActor = { ...actor, type: 'user', id: user.id, label: user.email };
    // Access the user already has (their own membership, or their agency's role in a client workspace)
    // is kept as it is: single sign-on never lowers a role.
    const hasAccess = (await s.access.roleBySlug(user.id, workspace.slug)) !== undefined;
    const joined = !hasAccess && await s.db.transaction().execute(async (tx) => {
      // A full plan refuses the sign-in rather than exceed it (402 plan_limit, audited below).
      await s.limits?.assertRoom(tx, workspace.id, 'members').catch((error: unknown) => {
        if (!(error instanceof Refusal)) throw error;
        throw new Refusal(error.status, error.code, `${email} cannot join workspace "${workspace.slug}" by single sign-on: ${error.message}`, error.details);
      });
      const added = await s.members.add(tx, workspace.id, user.id, connection.defaultRole);
      if (added) await s.audit.record({ workspaceId: workspace.id, actor: ssoActor, action: 'member.join', target: { type: 'user', id: user.id }, details: { role: connection.defaultRole, via: 'sso', userCreated: created } }, tx);
      return added;
    });
    if (verified === true && !created) await s.users.markVerified(user.id);
    // Confined to this workspace: its provider is trusted here, not for the account's other workspaces.
    const session = await s.sessions.create(user.id, actor.ip, actor.userAgent, workspace.id);
    await s.audit.record({
      workspaceId: workspace.id,
      actor: ssoActor,
      action: 'auth.sso_login',
      target: { type: 'session', id: session.id },
      details: { issuer: connection.issuer, subject: sub, email, userCreated: created, joined },
    });
    return { user, session, workspace, redirectAfter: login.redirectAfter, joined };
  }

  /** Marks the login used (once, while live) and hands back its verifier and nonce, clearing them. */
  async #consume(state: string): Promise<{ workspaceId: string; codeVerifier: string; nonce: string; redirectAfter: string } | undefined> {
    const { rows } = await sql<{ workspace_id: string; code_verifier: string; nonce: string; redirect_after: string }>`
      update sso_logins l set used_at = now(), code_verifier = null, nonce = null
      from (select state_hash, code_verifier, nonce from sso_logins where state_hash = ${hashToken(state)} for update) old
      where l.state_hash = old.state_hash and l.used_at is null and l.expires_at > now()
      returning l.workspace_id, old.code_verifier, old.nonce, l.redirect_after`.execute(this.#s.db);
    const row = rows[0];
    return row && { workspaceId: row.workspace_id, codeVerifier: row.code_verifier, nonce: row.nonce, redirectAfter: row.redirect_after };
  }

  async #connection(workspaceId: string): Promise<Connection | undefined> {
    const row = await this.#s.db.selectFrom('sso_connections').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row && connectionOf(row);
  }
}
