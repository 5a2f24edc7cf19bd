import { sql, type Kysely } from 'kysely';
import { apiTierById, planById, SELF_HOSTED_PLAN_ID, type PlansCatalog } from '../billing/plans.ts';
import { Refusal } from '../contracts/refusal.ts';
import type { Database } from '../store/schema.ts';
import { formatCount, upgradeHint, type UpgradeHint } from './quota-limits.ts';
import { readWorkspaceBilling } from './quota-plans.ts';

export type PlanLimitName = 'activeWorkflows' | 'members' | 'clientWorkspaces';
export const PLAN_LIMIT_NAMES: readonly PlanLimitName[] = ['activeWorkflows', 'members', 'clientWorkspaces'];

const WORDS: Record<PlanLimitName, { one: string; many: string }> = {
  activeWorkflows: { one: 'active workflow', many: 'active workflows' },
  members: { one: 'member (pending invitations included)', many: 'members (pending invitations included)' },
  clientWorkspaces: { one: 'client workspace', many: 'client workspaces' },
};

/** What a plan allows of each counted resource; null: no limit (API tiers). */
export interface ResourceLimits {
  planId: string;
  planName: string;
  allowed: Record<PlanLimitName, number | null>;
}

/** The limits of a plan id, found as the quotas find a plan (planQuota): an unknown id is the trial, with the first plan's limits. */
export function resourceLimits(catalog: PlansCatalog, planId: string): ResourceLimits {
  if (planId === SELF_HOSTED_PLAN_ID) return { planId, planName: 'Self-hosted plan', allowed: { activeWorkflows: null, members: null, clientWorkspaces: null } };
  const tier = apiTierById(catalog, planId);
  // API tiers buy API calls, not a workflow plan: like their runs, these are not limited.
  if (tier) return { planId: tier.id, planName: `${tier.name} API tier`, allowed: { activeWorkflows: null, members: null, clientWorkspaces: null } };
  const plan = planById(catalog, planId);
  const limits = (plan ?? catalog.plans[0]).limits;
  return {
    planId: plan?.id ?? 'trial',
    planName: plan ? `${plan.name} plan` : 'Trial',
    allowed: { activeWorkflows: limits.activeWorkflows, members: limits.members, clientWorkspaces: limits.clientWorkspaces },
  };
}

/** Exact counts from the database (these checks guard rare admin actions, so no cache). */
export async function countResource(db: Kysely<Database>, workspaceId: string, limit: PlanLimitName): Promise<number> {
  let query;
  if (limit === 'activeWorkflows') {
    query = sql<{ n: number }>`select count(*)::int as n from workflows where workspace_id = ${workspaceId}::uuid and active and deleted_at is null`;
  } else if (limit === 'members') {
    // A pending invitation holds a seat, so invitations cannot be sent beyond the plan.
    query = sql<{ n: number }>`select ((select count(*) from memberships where workspace_id = ${workspaceId}::uuid)
      + (select count(*) from invitations where workspace_id = ${workspaceId}::uuid and accepted_at is null and revoked_at is null and expires_at > now()))::int as n`;
  } else {
    query = sql<{ n: number }>`select count(*)::int as n from workspaces where parent_id = ${workspaceId}::uuid`;
  }
  const { rows } = await query.execute(db);
  return Number(rows[0].n);
}

/** Members only: accepting an invitation fills the seat its invitation held. */
export async function countMembers(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from memberships where workspace_id = ${workspaceId}::uuid`.execute(db);
  return Number(rows[0].n);
}

/**
 * "May this workspace have one more active workflow / member / client workspace?" A refusal is 402
 * plan_limit. Called inside the transaction that writes: `assertRoom` first locks the workspace row,
 * so two concurrent checks at the limit are serialised and only one passes. A downgrade removes
 * nothing: resources beyond a new, smaller limit stay; only new ones are refused.
 */
export class PlanLimits {
  readonly #catalog: PlansCatalog;
  readonly enforce: boolean;
  readonly #upgradeHint: UpgradeHint;

  constructor(catalog: PlansCatalog, enforce: boolean, hint: UpgradeHint = upgradeHint(false)) {
    this.#catalog = catalog;
    this.enforce = enforce;
    this.#upgradeHint = hint;
  }

  /** The workspace's limits (its own plan, read now: a plan change applies at once). */
  async limitsOf(db: Kysely<Database>, workspaceId: string): Promise<(ResourceLimits & { upgradeHint: string }) | undefined> {
    const billing = await readWorkspaceBilling(db, workspaceId);
    return billing && { ...resourceLimits(this.#catalog, billing.planId), upgradeHint: this.#upgradeHint(billing.slug) };
  }

  /** Locks the workspace row until the end of the caller's transaction (nothing outside one). */
  async lock(db: Kysely<Database>, workspaceId: string): Promise<void> {
    if (!this.enforce || !db.isTransaction) return;
    await sql`select id from workspaces where id = ${workspaceId}::uuid for update`.execute(db);
  }

  /**
   * Throws 402 plan_limit when adding `adding` of `limit` would exceed the workspace's plan.
   * `counted`: the current count when the caller has its own rule (accepting an invitation counts members only).
   */
  async assertRoom(db: Kysely<Database>, workspaceId: string, limit: PlanLimitName, adding = 1, counted?: (db: Kysely<Database>) => Promise<number>): Promise<void> {
    if (!this.enforce || adding <= 0) return;
    await this.lock(db, workspaceId);
    const limits = await this.limitsOf(db, workspaceId);
    const allowed = limits?.allowed[limit];
    if (!limits || allowed === null || allowed === undefined) return;
    const current = counted ? await counted(db) : await countResource(db, workspaceId, limit);
    if (current + adding <= allowed) return;
    throw planLimitError(limit, allowed, current, limits, adding);
  }

  /** `{ allowed, current }` of each limit, for GET /api/v1/usage. */
  async report(db: Kysely<Database>, workspaceId: string): Promise<Record<PlanLimitName, { allowed: number | null; current: number }>> {
    const limits = await this.limitsOf(db, workspaceId);
    const counts = await Promise.all(PLAN_LIMIT_NAMES.map((name) => countResource(db, workspaceId, name)));
    return Object.fromEntries(PLAN_LIMIT_NAMES.map((name, i) => [name, { allowed: limits?.allowed[name] ?? null, current: counts[i] }])) as Record<PlanLimitName, { allowed: number | null; current: number }>;
  }
}

export function planLimitError(limit: PlanLimitName, allowed: number, current: number, limits: ResourceLimits & { upgradeHint: string }, adding = 1): Refusal {
  const words = WORDS[limit];
  const wanted = adding === 1 ? `one more ${words.one}` : `${formatCount(adding)} more ${words.many}`;
  const message = `the ${limits.planName} allows ${formatCount(allowed)} ${allowed === 1 ? words.one : words.many} and this workspace has ${formatCount(current)}, so ${wanted} cannot be added (${limit}); `
    + `${limit === 'activeWorkflows' ? 'deactivate one, or ' : limit === 'members' ? 'remove a member or revoke an invitation, or ' : ''}${limits.upgradeHint}`;
  return new Refusal(402, 'plan_limit', message, { limit, allowed, current, plan: limits.planId });
}
