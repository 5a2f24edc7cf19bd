import { sql, type Kysely } from 'kysely';
import type { Database, Role, WorkspaceKind } from '../schema.ts';

export interface AccessibleWorkspace {
  id: string;
  slug: string;
  name: string;
  kind: WorkspaceKind;
  parentSlug: string | null;
  role: Role;
  /** `member` of the workspace itself, or acting through the `agency` that owns it. */
  via: 'member' | 'agency';
}

/**
 * Who may act in which workspace. A user acts in a workspace through their own membership, or — for
 * a client workspace — through their membership of the agency that owns it (the agency role applies).
 * Members of a client workspace see that workspace only, never the agency's other clients.
 */
export class AccessStore {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async workspaces(userId: string): Promise<AccessibleWorkspace[]> {
    const { rows } = await sql<{ id: string; slug: string; name: string; kind: WorkspaceKind; parent_slug: string | null; role: Role; via: 'member' | 'agency'; joined: Date }>`
      select w.id, w.slug, w.name, w.kind, p.slug as parent_slug, m.role, 'member' as via, m.created_at as joined
      from memberships m join workspaces w on w.id = m.workspace_id left join workspaces p on p.id = w.parent_id
      where m.user_id = ${userId}::uuid
      union all
      select c.id, c.slug, c.name, c.kind, a.slug as parent_slug, m.role, 'agency' as via, m.created_at as joined
      from memberships m join workspaces a on a.id = m.workspace_id and a.kind = 'agency'
      join workspaces c on c.parent_id = a.id
      where m.user_id = ${userId}::uuid
        and not exists (select 1 from memberships d where d.workspace_id = c.id and d.user_id = ${userId}::uuid)
      order by joined, slug`.execute(this.#db);
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind, parentSlug: r.parent_slug, role: r.role, via: r.via }));
  }

  /** The user's role in a workspace found by slug (own membership first, else through its agency). */
  async roleBySlug(userId: string, slug: string): Promise<{ id: string; slug: string; role: Role } | undefined> {
    const { rows } = await sql<{ id: string; slug: string; role: Role }>`
      select w.id, w.slug, coalesce(m.role, am.role) as role
      from workspaces w
      left join memberships m on m.workspace_id = w.id and m.user_id = ${userId}::uuid
      left join workspaces a on a.id = w.parent_id and a.kind = 'agency'
      left join memberships am on am.workspace_id = a.id and am.user_id = ${userId}::uuid
      where w.slug = ${slug} and coalesce(m.role, am.role) is not null`.execute(this.#db);
    return rows[0];
  }

  async firstWorkspace(userId: string): Promise<{ id: string; slug: string; role: Role } | undefined> {
    const row = await this.#db
      .selectFrom('memberships as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.slug', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('m.created_at')
      .orderBy('w.slug')
      .executeTakeFirst();
    return row;
  }
}
