import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Paid packs (src/packs/pack-entitlements.ts, docs/packs.md).
 * - `pack_entitlements`: a workspace may import a paid pack when it holds a live row (granted by an
 *   administrator or bought through Checkout). Revoking keeps the row (revoked_at) for the record.
 * - `pack_events`: purchases, grants, revocations and downloads, append-only, for reporting. A
 *   purchase carries its Checkout session id in `reference`, unique per kind, so a replayed payment
 *   event records (and grants) once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create table pack_entitlements (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      pack_id text not null,
      source text not null check (source in ('grant', 'purchase')),
      granted_by text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      primary key (workspace_id, pack_id)
    );

    create table pack_events (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      pack_id text not null,
      pack_version text,
      kind text not null check (kind in ('grant', 'revoke', 'purchase', 'download')),
      actor text not null,
      reference text,
      amount integer,
      currency text,
      created_at timestamptz not null default now()
    );

    create unique index pack_events_reference on pack_events (kind, reference) where reference is not null;

    create index pack_events_by_pack on pack_events (pack_id, kind, created_at)
  `);
}
