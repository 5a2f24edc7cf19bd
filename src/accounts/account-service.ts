import { randomUUID } from 'node:crypto';
import { attributeReferral } from '../billing/referrals.ts';
import { Refusal } from '../contracts/refusal.ts';
import type { PlanLimits } from '../metering/plan-limits.ts';
import type { Kysely } from 'kysely';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import type { AccessStore } from '../store/accounts/access-store.ts';
import { AuthTokenStore } from '../store/accounts/auth-token-store.ts';
import type { InvitationStore } from '../store/accounts/invitation-store.ts';
import type { MemberStore } from '../store/accounts/member-store.ts';
import type { SessionStore } from '../store/accounts/session-store.ts';
import type { ThrottleRule, ThrottleStore } from '../store/accounts/throttle-store.ts';
import { EmailTakenError, normaliseEmail, UserStore, type User } from '../store/accounts/user-store.ts';
import type { AuditActor, AuditLog } from '../store/audit/audit-log.ts';
import type { Database } from '../store/schema.ts';
import type { WorkspaceStore } from '../store/workspaces/workspace-store.ts';
import type { AccountMail } from './account-mail.ts';

/** A refusal the API turns into an error answer: a code, a status and a message that says what to do. */
export class AccountError extends Refusal {
  /** Set on throttling refusals: answered as Retry-After. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, code: string, message: string, retryAfterMs?: number, details?: unknown) {
    super(status, code, message, details);
    this.retryAfterMs = retryAfterMs;
  }
}

export const ACCOUNT_THROTTLE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const IP_THROTTLE: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
const VERIFY_TTL_MS = 48 * 3_600_000;
const RESET_TTL_MS = 3_600_000;

export interface AccountStores {
  db: Kysely<Database>;
  users: UserStore;
  sessions: SessionStore;
  tokens: AuthTokenStore;
  throttle: ThrottleStore;
  workspaces: WorkspaceStore;
  members: MemberStore;
  invitations: InvitationStore;
  access: AccessStore;
  audit: AuditLog;
  mail: AccountMail;
  /** Plan limits on members and client workspaces (none: not enforced). */
  limits?: PlanLimits;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  id: string;
  expiresAt: Date;
}

/** Sign-up, sign-in, email verification and password reset. */
export class AccountService {
  readonly #s: AccountStores;
  constructor(stores: AccountStores) {
    this.#s = stores;
  }

  /**
   * A new account, its workspace and a session. An address that already has an account gets the same
   * answer (same status, same fields, the password hashed alike, one email sent) so sign-up cannot tell
   * which addresses have accounts: its owner is emailed instead, nothing is created, and the session in
   * the answer was never stored.
   */
  async signup(input: { email: string; password: string; workspaceName: string; referralCode?: string }, actor: AuditActor, baseUrl: string) {
    const s = this.#s;
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new AccountError(400, 'weak_password', `password ${problem}`);
    const passwordHash = await hashPassword(input.password);
    const created = await s.db.transaction().execute(async (tx) => {
      const user = await s.users.create(tx, input.email, passwordHash, null).catch((error: unknown) => {
        if (error instanceof EmailTakenError) return null;
        throw error;
      });
      if (!user) return null;
      const workspace = await s.workspaces.create(tx, { name: input.workspaceName, kind: 'standard', parentId: null, owner: { userId: user.id, role: 'owner' } });
      // Never reported back: the answer of a sign-up must not differ from that of an e-mail already taken.
      if (input.referralCode) await attributeReferral(tx, input.referralCode, workspace.id);
      await s.audit.record({ workspaceId: workspace.id, actor: { ...actor, type: 'user', id: user.id, label: user.email }, action: 'account.signup', target: { type: 'user', id: user.id } }, tx);
      return { user, workspace };
    });
    if (!created) return this.#signupOfExistingAccount(input, actor, baseUrl);
    const { user, workspace } = created;
    const session = await s.sessions.create(user.id, actor.ip, actor.userAgent);
    const verificationEmailSent = await s.mail.verifyEmail(user.email, baseUrl, await s.tokens.issue(user.id, 'verify_email', VERIFY_TTL_MS));
    return { user, workspace, session, verificationEmailSent };
  }

  async #signupOfExistingAccount(input: { email: string; workspaceName: string }, actor: AuditActor, baseUrl: string) {
    const s = this.#s;
    const email = normaliseEmail(input.email);
    const existing = await s.users.findByEmail(email);
    const now = new Date();
    const user: User = { id: randomUUID(), email, name: null, emailVerified: false, createdAt: now };
    const workspace = { id: randomUUID(), slug: await s.workspaces.freeSlugFor(input.workspaceName), name: input.workspaceName, kind: 'standard' as const, parentId: null, createdAt: now };
    const verificationEmailSent = await s.mail.signupAttempt(email, baseUrl);
    await s.audit.record({ workspaceId: null, actor: { ...actor, type: 'anonymous', id: null, label: email }, action: 'account.signup_existing', target: existing ? { type: 'user', id: existing.id } : undefined, details: { email } });
    return { user, workspace, session: s.sessions.unstored(), verificationEmailSent };
  }

  /** Checks the password under per-account and per-IP throttling; records success and failure. */
  async login(input: { email: string; password: string }, actor: AuditActor): Promise<{ user: User; session: NewSession }> {
    const s = this.#s;
    const email = normaliseEmail(input.email);
    const keys = [`account:${email}`, `ip:${actor.ip ?? 'unknown'}`];
    const locked = Math.max(...(await Promise.all(keys.map((k) => s.throttle.lockedFor(k)))));
    if (locked > 0) {
      await s.audit.record({ workspaceId: null, actor: { ...actor, label: email }, action: 'auth.login_locked', details: { email } });
      throw new AccountError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${Math.ceil(locked / 60_000)} minute(s) or reset your password`, locked);
    }
    const found = await s.users.findByEmail(email);
    const ok = await verifyPassword(input.password, found?.passwordHash ?? (await decoyHash()));
    if (!found || !found.passwordHash || !ok) {
      await s.throttle.fail(keys[0], ACCOUNT_THROTTLE);
      await s.throttle.fail(keys[1], IP_THROTTLE);
      await s.audit.record({ workspaceId: null, actor: { ...actor, type: found ? 'user' : 'anonymous', id: found?.id ?? null, label: email }, action: 'auth.login_failed', details: { email } });
      throw new AccountError(401, 'invalid_credentials', 'the email or password is wrong');
    }
    await s.throttle.reset(keys[0]);
    const session = await s.sessions.create(found.id, actor.ip, actor.userAgent);
    await s.audit.record({ workspaceId: null, actor: { ...actor, type: 'user', id: found.id, label: found.email }, action: 'auth.login', target: { type: 'session', id: session.id } });
    return { user: found, session };
  }

  async verifyEmail(token: string): Promise<void> {
    const userId = await this.#s.tokens.consume(token, 'verify_email');
    if (!userId) throw new AccountError(400, 'invalid_token', 'the verification link is invalid, used or expired; ask for a new one (POST /api/v1/auth/verify-email/resend)');
    await this.#s.users.markVerified(userId);
  }

  async resendVerification(userId: string, baseUrl: string): Promise<boolean> {
    const user = await this.#s.users.findById(userId);
    if (!user || user.emailVerified) return false;
    return this.#s.mail.verifyEmail(user.email, baseUrl, await this.#s.tokens.issue(user.id, 'verify_email', VERIFY_TTL_MS));
  }

  /** Always succeeds from the caller's view, so it cannot reveal which emails have accounts. */
  async requestPasswordReset(email: string, actor: AuditActor, baseUrl: string): Promise<void> {
    const user = await this.#s.users.findByEmail(email);
    if (!user) return;
    await this.#s.mail.resetPassword(user.email, baseUrl, await this.#s.tokens.issue(user.id, 'reset_password', RESET_TTL_MS));
    await this.#s.audit.record({ workspaceId: null, actor: { ...actor, type: 'user', id: user.id, label: user.email }, action: 'auth.password_reset_requested' });
  }

  /**
   * Sets the new password and ends everything open for the account, in one transaction: every other
   * outstanding reset link and every session. A refused password leaves the link usable.
   */
  async confirmPasswordReset(token: string, password: string, actor: AuditActor): Promise<void> {
    const s = this.#s;
    const invalid = () => new AccountError(400, 'invalid_token', 'the reset link is invalid, used or expired; ask for a new one (POST /api/v1/auth/password-reset)');
    const userId = await s.tokens.holder(token, 'reset_password');
    if (!userId) throw invalid();
    const user = (await s.users.findById(userId))!;
    const problem = passwordProblem(password, user.email);
    if (problem) throw new AccountError(400, 'weak_password', `password ${problem}`);
    // Hashed before the transaction: it holds the (embedded, single) connection for as short as it can.
    const passwordHash = await hashPassword(password);
    await s.db.transaction().execute(async (tx) => {
      const tokens = new AuthTokenStore(tx);
      if ((await tokens.consume(token, 'reset_password')) !== userId) throw invalid();
      const users = new UserStore(tx);
      await users.setPassword(userId, passwordHash);
      await users.markVerified(userId);
      await tokens.revokeAll(userId, 'reset_password');
      await s.sessions.revokeAll(userId, tx);
    });
    await s.throttle.reset(`account:${user.email}`);
    await s.audit.record({ workspaceId: null, actor: { ...actor, type: 'user', id: userId, label: user.email }, action: 'auth.password_reset' });
  }

  async profile(userId: string): Promise<{ user: User; workspaces: Awaited<ReturnType<AccessStore['workspaces']>> }> {
    const user = await this.#s.users.findById(userId);
    if (!user) throw new AccountError(401, 'session_expired', 'your account no longer exists');
    return { user, workspaces: await this.#s.access.workspaces(userId) };
  }
}
