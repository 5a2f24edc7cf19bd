import type { Kysely } from 'kysely';
import type { Mailer } from '../engine/ports.ts';
import type { PlanLimits } from '../metering/plan-limits.ts';
import { AccessStore } from '../store/accounts/access-store.ts';
import { AuthTokenStore } from '../store/accounts/auth-token-store.ts';
import { InvitationStore } from '../store/accounts/invitation-store.ts';
import { MemberStore } from '../store/accounts/member-store.ts';
import { SessionStore } from '../store/accounts/session-store.ts';
import { ThrottleStore } from '../store/accounts/throttle-store.ts';
import { UserStore } from '../store/accounts/user-store.ts';
import { AuditLog } from '../store/audit/audit-log.ts';
import type { Database } from '../store/schema.ts';
import { ApiKeyStore } from '../store/workspaces/api-key-store.ts';
import type { WorkspaceStore } from '../store/workspaces/workspace-store.ts';
import { AccountMail } from './account-mail.ts';
import { AccountService } from './account-service.ts';
import { WorkspaceService } from './workspace-service.ts';

export const SESSION_TTL_MS = 14 * 86_400_000;

/** Accounts, sessions, workspaces and their members, keys and audit log, wired over one database. */
export function createTenancy(db: Kysely<Database>, workspaces: WorkspaceStore, mailer: Mailer, mailFrom: string | undefined, limits?: PlanLimits) {
  const stores = {
    db,
    users: new UserStore(db),
    sessions: new SessionStore(db, SESSION_TTL_MS),
    tokens: new AuthTokenStore(db),
    throttle: new ThrottleStore(db),
    workspaces,
    members: new MemberStore(db),
    invitations: new InvitationStore(db),
    access: new AccessStore(db),
    audit: new AuditLog(db),
    mail: new AccountMail(mailer, mailFrom),
    apiKeys: new ApiKeyStore(db),
    limits,
  };
  return { ...stores, accounts: new AccountService(stores), workspaceService: new WorkspaceService(stores) };
}

export type Tenancy = ReturnType<typeof createTenancy>;
