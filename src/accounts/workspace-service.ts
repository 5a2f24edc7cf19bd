import { canGrant, canGrantScope, type ApiKeyScope } from '../auth/permissions.ts';
import { countMembers } from '../metering/plan-limits.ts';
import { InvitationStore } from '../store/accounts/invitation-store.ts';
import { LastOwnerError, MemberStore } from '../store/accounts/member-store.ts';
import type { AuditActor } from '../store/audit/audit-log.ts';
import type { Role, WorkspaceKind } from '../store/schema.ts';
import { SlugTakenError } from '../store/workspaces/workspace-store.ts';
import { AccountError, type AccountStores } from './account-service.ts';
import type { ApiKeyStore } from '../store/workspaces/api-key-store.ts';

const INVITATION_TTL_MS = 7 * 86_400_000;

/** Where an action happens and who does it, as the routes know it. */
export interface ActingIn {
  workspaceId: string;
  workspaceSlug: string;
  /**
   * The role the caller acts with: a signed-in user's role, or an API key's (its scopes capped by its
   * creator's current role). Role rules apply to both; null grants nothing.
   */
  role: Role | null;
  userId: string | null;
  /** For an API key: the member whose power it carries (null for an operator key). */
  keyCreatorId: string | null;
  actor: AuditActor;
}

/** Workspaces, agencies and their clients, members, invitations and API keys. Every change is audited. */
export class WorkspaceService {
  readonly #s: AccountStores & { apiKeys: ApiKeyStore };
  constructor(stores: AccountStores & { apiKeys: ApiKeyStore }) {
    this.#s = stores;
  }

  /**
   * A new workspace owned by the user. `client` workspaces are created inside the acting agency
   * workspace (`parent`), which needs admin there; the creator becomes owner of standard and agency
   * workspaces, and manages clients through the agency.
   */
  async create(userId: string, input: { name: string; slug?: string; kind: WorkspaceKind }, agency: ActingIn | null, actor: AuditActor) {
    const s = this.#s;
    if (input.kind === 'client') {
      if (!agency) throw new AccountError(400, 'agency_required', 'a client workspace is created from its agency: send Levqor-Workspace with the agency slug');
      const parent = await s.workspaces.findById(agency.workspaceId);
      if (parent?.kind !== 'agency') throw new AccountError(400, 'not_an_agency', `workspace "${agency.workspaceSlug}" is not an agency; only agency workspaces own client workspaces`);
      if (!agency.role || !canGrant(agency.role, 'admin')) throw new AccountError(403, 'forbidden', `creating client workspaces needs admin in "${agency.workspaceSlug}"`);
    }
    try {
      return await s.db.transaction().execute(async (tx) => {
        if (input.kind === 'client') await s.limits?.assertRoom(tx, agency!.workspaceId, 'clientWorkspaces');
        const workspace = await s.workspaces.create(tx, {
          name: input.name,
          slug: input.slug,
          kind: input.kind,
          parentId: input.kind === 'client' ? agency!.workspaceId : null,
          owner: input.kind === 'client' ? null : { userId, role: 'owner' },
        });
        await s.audit.record({ workspaceId: workspace.id, actor, action: 'workspace.create', target: { type: 'workspace', id: workspace.id }, details: { slug: workspace.slug, kind: workspace.kind } }, tx);
        if (input.kind === 'client') {
          await s.audit.record({ workspaceId: agency!.workspaceId, actor, action: 'workspace.client_create', target: { type: 'workspace', id: workspace.id }, details: { slug: workspace.slug } }, tx);
        }
        return workspace;
      });
    } catch (error) {
      if (error instanceof SlugTakenError) throw new AccountError(409, 'slug_taken', error.message);
      throw error;
    }
  }

  /** Workspace settings (its display name today). */
  async update(at: ActingIn, changes: { name?: string }): Promise<void> {
    const before = (await this.#s.workspaces.findById(at.workspaceId))!;
    if (changes.name === undefined || changes.name === before.name) return;
    await this.#s.workspaces.rename(at.workspaceId, changes.name);
    await this.#s.audit.record({ workspaceId: at.workspaceId, actor: at.actor, action: 'workspace.update', target: { type: 'workspace', id: at.workspaceId }, details: { name: { from: before.name, to: changes.name } } });
  }

  async changeMember(at: ActingIn, memberId: string, role: Role | null): Promise<void> {
    // Membership first: another workspace's member answers 404 whatever role is asked for.
    const current = await this.#s.members.get(at.workspaceId, memberId);
    if (!current) throw new AccountError(404, 'not_found', `user "${memberId}" is not a member of this workspace`);
    if (role && !mayGrant(at, role)) throw new AccountError(403, 'forbidden', `${actingAs(at)} cannot grant ${role}`);
    if (!mayGrant(at, current)) throw new AccountError(403, 'forbidden', `${actingAs(at)} cannot change a member who is ${current}`);
    try {
      await this.#s.members.change(at.workspaceId, memberId, role);
    } catch (error) {
      if (error instanceof LastOwnerError) throw new AccountError(409, 'last_owner', error.message);
      throw error;
    }
    const revokedKeys = role ? [] : await this.#s.apiKeys.revokeMadeBy(at.workspaceId, memberId);
    await this.#s.audit.record({
      workspaceId: at.workspaceId,
      actor: at.actor,
      action: role ? 'member.role_change' : 'member.remove',
      target: { type: 'user', id: memberId },
      details: role ? { from: current, to: role } : { role: current, revokedApiKeys: revokedKeys.map((k) => k.id) },
    });
  }

  async invite(at: ActingIn, email: string, role: Role, baseUrl: string) {
    if (!mayGrant(at, role)) throw new AccountError(403, 'forbidden', `${actingAs(at)} cannot invite someone as ${role}`);
    const workspace = (await this.#s.workspaces.findById(at.workspaceId))!;
    const { invitation, token } = await this.#s.db.transaction().execute(async (tx) => {
      await this.#s.limits?.assertRoom(tx, at.workspaceId, 'members');
      return new InvitationStore(tx).create(at.workspaceId, email, role, at.userId, INVITATION_TTL_MS);
    });
    const emailSent = await this.#s.mail.invitation(invitation.email, baseUrl, workspace.name, role, token);
    await this.#s.audit.record({ workspaceId: at.workspaceId, actor: at.actor, action: 'member.invite', target: { type: 'invitation', id: invitation.id }, details: { email: invitation.email, role } });
    return { invitation, emailSent };
  }

  async revokeInvitation(at: ActingIn, id: string): Promise<void> {
    if (!(await this.#s.invitations.revoke(at.workspaceId, id))) throw new AccountError(404, 'not_found', `invitation "${id}" was not found or is no longer pending`);
    await this.#s.audit.record({ workspaceId: at.workspaceId, actor: at.actor, action: 'member.invitation_revoke', target: { type: 'invitation', id } });
  }

  async acceptInvitation(user: { userId: string; email: string }, token: string, actor: AuditActor) {
    const s = this.#s;
    const accepted = await s.db.transaction().execute(async (tx) => {
      const accepted = await s.invitations.accept(tx, token, user.email);
      if (!accepted) throw new AccountError(400, 'invalid_token', 'the invitation is invalid, used, revoked or expired; ask for a new one');
      if ('mismatch' in accepted) throw new AccountError(403, 'wrong_account', `this invitation was sent to ${accepted.mismatch}; sign in with that address to accept it`);
      // Checked again here: invitations sent before a downgrade, or members who joined meanwhile, may fill the plan.
      if (!(await new MemberStore(tx).get(accepted.workspaceId, user.userId))) await s.limits?.assertRoom(tx, accepted.workspaceId, 'members', 1, (db) => countMembers(db, accepted.workspaceId));
      await s.members.add(tx, accepted.workspaceId, user.userId, accepted.role);
      await s.audit.record({ workspaceId: accepted.workspaceId, actor, action: 'member.join', target: { type: 'user', id: user.userId }, details: { role: accepted.role, invitation: accepted.id } }, tx);
      return accepted;
    });
    // The invitation reached this address, which proves it.
    await s.users.markVerified(user.userId);
    const workspace = (await s.workspaces.findById(accepted.workspaceId))!;
    return { workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, role: accepted.role };
  }

  async createApiKey(at: ActingIn, input: { name: string; scopes: ApiKeyScope[]; expiresAt: Date | null }) {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new AccountError(400, 'validation_failed', 'expiresAt must be in the future');
    const above = input.scopes.filter((scope) => !at.role || !canGrantScope(at.role, scope));
    if (above.length > 0) {
      throw new AccountError(403, 'scope_above_role', `a key cannot do more than the member behind it: ${actingAs(at)} cannot create a key with scope ${above.join(', ')}; choose scopes up to your role`);
    }
    // A key made with a key carries the same member's power (an operator key makes operator keys).
    const created = await this.#s.apiKeys.create(at.workspaceId, { ...input, createdBy: at.userId ?? at.keyCreatorId });
    await this.#s.audit.record({ workspaceId: at.workspaceId, actor: at.actor, action: 'api_key.create', target: { type: 'api_key', id: created.view.id }, details: { name: input.name, scopes: input.scopes, prefix: created.view.prefix } });
    return created;
  }

  async revokeApiKey(at: ActingIn, id: string): Promise<void> {
    const revoked = await this.#s.apiKeys.revoke(at.workspaceId, id);
    if (!revoked) throw new AccountError(404, 'not_found', `API key "${id}" was not found in this workspace`);
    await this.#s.audit.record({ workspaceId: at.workspaceId, actor: at.actor, action: 'api_key.revoke', target: { type: 'api_key', id }, details: { name: revoked.name, prefix: revoked.prefix } });
  }
}

/** Whether the caller may hand out `role` (fails closed for a caller that acts with no role). */
export function mayGrant(at: ActingIn, role: Role): boolean {
  return at.role !== null && canGrant(at.role, role);
}

export function actingAs(at: ActingIn): string {
  return at.userId ? `your role (${at.role})` : `this API key (acting as ${at.role ?? 'nothing'})`;
}
