import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../schema.ts';

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

export class LastOwnerError extends Error {}

/** Members of one workspace and their roles. */
export class MemberStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(workspaceId: string): Promise<Member[]> {
    const rows = await this.#db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', workspaceId)
      .orderBy('m.created_at')
      .execute();
    return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, role: r.role, joinedAt: r.created_at }));
  }

  async get(workspaceId: string, userId: string): Promise<Role | undefined> {
    const row = await this.#db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    return row?.role;
  }

  /** Adds the user, or changes nothing when they are already a member. */
  async add(db: Kysely<Database>, workspaceId: string, userId: string, role: Role): Promise<boolean> {
    const result = await db
      .insertInto('memberships')
      .values({ workspace_id: workspaceId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /** Changes a role or removes a member; a workspace always keeps at least one owner. */
  async change(workspaceId: string, userId: string, role: Role | null): Promise<{ before: Role } | undefined> {
    return this.#db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ role: Role }>`select role from memberships where workspace_id = ${workspaceId}::uuid and user_id = ${userId}::uuid for update`.execute(tx);
      const before = rows[0]?.role;
      if (!before) return undefined;
      if (before === 'owner' && role !== 'owner') {
        const { rows: owners } = await sql<{ n: number }>`select count(*)::int as n from memberships where workspace_id = ${workspaceId}::uuid and role = 'owner'`.execute(tx);
        if (owners[0].n <= 1) throw new LastOwnerError('a workspace needs at least one owner; make someone else owner first');
      }
      if (role === null) await tx.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      else await tx.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      return { before };
    });
  }
}
