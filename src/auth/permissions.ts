import type { Role } from '../store/schema.ts';

/** What a route needs. Each level includes the ones before it. */
export type Permission = 'read' | 'write' | 'admin' | 'owner';
export type ApiKeyScope = 'read' | 'write' | 'admin';

export const ROLES: readonly Role[] = ['owner', 'admin', 'editor', 'viewer'];
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write', 'admin'];

const LEVEL: Record<Permission, number> = { read: 1, write: 2, admin: 3, owner: 4 };
const ROLE_LEVEL: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };

export function roleAllows(role: Role | null, needed: Permission): boolean {
  return role !== null && ROLE_LEVEL[role] >= LEVEL[needed];
}

/** The role each scope acts as; no scope reaches owner, so keys never act as owner. */
const SCOPE_ROLE: Record<ApiKeyScope, Role> = { read: 'viewer', write: 'editor', admin: 'admin' };

/**
 * The role an API key acts with: its highest scope, capped by the current role of the member who made
 * it (a credential never does more than the person behind it). `creatorRole` is null for an operator
 * key — made at first start or by another operator key, with no member behind it — which has its scopes
 * only. Null: the key grants nothing.
 */
export function apiKeyRole(scopes: readonly string[], creatorRole: Role | null): Role | null {
  const best = Math.max(0, ...scopes.map((s) => (Object.hasOwn(SCOPE_ROLE, s) ? ROLE_LEVEL[SCOPE_ROLE[s as ApiKeyScope]] : 0)));
  const level = creatorRole ? Math.min(best, ROLE_LEVEL[creatorRole]) : best;
  return ROLES.find((role) => ROLE_LEVEL[role] === level) ?? null;
}

/** Whether someone acting as `actor` may make a key with `scope` (no more than they may do). */
export function canGrantScope(actor: Role, scope: ApiKeyScope): boolean {
  return ROLE_LEVEL[actor] >= ROLE_LEVEL[SCOPE_ROLE[scope]];
}

/** Whether `actor` may hand out `role` (nobody grants more than they hold; owners grant anything). */
export function canGrant(actor: Role, role: Role): boolean {
  return ROLE_LEVEL[actor] >= ROLE_LEVEL[role];
}
