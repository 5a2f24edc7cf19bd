/** The workspace roles as the server ranks them (src/auth/permissions.ts): each includes the ones below it. */
export type Role = 'owner' | 'admin' | 'editor' | 'viewer';

export const ROLES: readonly Role[] = ['owner', 'admin', 'editor', 'viewer'];
const LEVEL: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };

/** Admins and owners manage the workspace: members, keys, secrets, packs, the audit log. */
export const isAdmin = (role: string | null | undefined): boolean => role === 'owner' || role === 'admin';

/**
 * Whether `actor` may hand out (or change someone who holds) `role`: nobody grants more than they hold.
 * The server decides; this only keeps controls it would refuse from looking usable.
 */
export const canGrant = (actor: string | null | undefined, role: Role): boolean => isAdmin(actor) && LEVEL[actor as Role] >= LEVEL[role];
