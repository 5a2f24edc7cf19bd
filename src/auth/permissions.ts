import type { Role } from '../store/schema.ts';

/** What a route needs. Each level includes the ones before it. */
export type Permission = 'read' | 'write' | 'admin' | 'owner';
export type ApiKeyScope = 'read' | 'write' | 'admin';

export const ROLES: readonly Role[] = ['owner', 'admin', 'editor', 'viewer'];
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write', 'admin'];

const LEVEL: Record<Permission, number> = { read: 1, write: 2, admin: 3, owner: 4 };
const ROLE_LEVEL: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };

export function roleAllows(role: Role, needed: Permission): boolean {
  return ROLE_LEVEL[role] >= LEVEL[needed];
}

/** An API key acts with the highest of its scopes; keys never act as owner. */
export function scopesAllow(scopes: readonly string[], needed: Permission): boolean {
  const best = Math.max(0, ...scopes.map((s) => LEVEL[s as ApiKeyScope] ?? 0));
  return needed !== 'owner' && best >= LEVEL[needed];
}

/** Whether `actor` may hand out `role` (nobody grants more than they hold; owners grant anything). */
export function canGrant(actor: Role, role: Role): boolean {
  return ROLE_LEVEL[actor] >= ROLE_LEVEL[role];
}
