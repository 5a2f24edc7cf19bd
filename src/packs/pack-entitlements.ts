import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Refusal } from '../contracts/refusal.ts';
import { inTransaction } from '../store/in-transaction.ts';
import type { Database } from '../store/schema.ts';
import { formatPrice } from './load-pack.ts';
import type { PackCurrency } from './pack-format.ts';

export interface PackForSale {
  id: string;
  name: string;
  version?: string;
  price: { amount: number; currency: string };
}

export interface PackEntitlement {
  packId: string;
  source: 'grant' | 'purchase';
  grantedBy: string;
  createdAt: Date;
}

/** Free packs need nothing; a paid pack needs a live entitlement of the workspace (granted or bought). */
export async function assertPackEntitled(db: Kysely<Database>, workspaceId: string, pack: PackForSale): Promise<void> {
  if (pack.price.amount === 0) return;
  const row = await db
    .selectFrom('pack_entitlements')
    .select('pack_id')
    .where('workspace_id', '=', workspaceId)
    .where('pack_id', '=', pack.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (row) return;
  throw new Refusal(
    402,
    'pack_not_entitled',
    `pack "${pack.id}" (${pack.name}) costs ${formatPrice({ amount: pack.price.amount, currency: pack.price.currency as PackCurrency })} and this workspace has not bought it: ` +
      `buy it with POST /api/v1/packs/${pack.id}/checkout, or ask an operator to run "levqor pack grant ${pack.id} --workspace <slug>"`,
    { details: { pack: pack.id, price: pack.price } },
  );
}

/** Grants (or restores) the right to import a pack; returns false when the workspace already held it. */
export async function grantPackEntitlement(
  db: Kysely<Database>,
  input: { workspaceId: string; packId: string; source: 'grant' | 'purchase'; actor: string },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const existing = await tx
      .selectFrom('pack_entitlements')
      .select('revoked_at')
      .where('workspace_id', '=', input.workspaceId)
      .where('pack_id', '=', input.packId)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.revoked_at === null) return false;
    await tx
      .insertInto('pack_entitlements')
      .values({ workspace_id: input.workspaceId, pack_id: input.packId, source: input.source, granted_by: input.actor })
      .onConflict((oc) => oc.columns(['workspace_id', 'pack_id']).doUpdateSet({ source: input.source, granted_by: input.actor, created_at: sql`now()`, revoked_at: null }))
      .execute();
    if (input.source === 'grant') await recordPackEvent(tx, { workspaceId: input.workspaceId, packId: input.packId, kind: 'grant', actor: input.actor });
    return true;
  });
}

/** Withdraws a pack entitlement; returns false when there was none to withdraw. */
export async function revokePackEntitlement(db: Kysely<Database>, input: { workspaceId: string; packId: string; actor: string }): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const revoked = await tx
      .updateTable('pack_entitlements')
      .set({ revoked_at: sql`now()` })
      .where('workspace_id', '=', input.workspaceId)
      .where('pack_id', '=', input.packId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(revoked.numUpdatedRows) === 0) return false;
    await recordPackEvent(tx, { workspaceId: input.workspaceId, packId: input.packId, kind: 'revoke', actor: input.actor });
    return true;
  });
}

/**
 * Records a paid Checkout for a pack and grants it, once per Checkout session: a replayed payment
 * event finds the purchase already recorded and changes nothing. Returns whether this call recorded it.
 */
export async function recordPackPurchase(
  db: Kysely<Database>,
  input: { workspaceId: string; pack: PackForSale; reference: string; actor: string },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const inserted = await tx
      .insertInto('pack_events')
      .values({
        id: randomUUID(),
        workspace_id: input.workspaceId,
        pack_id: input.pack.id,
        pack_version: input.pack.version ?? null,
        kind: 'purchase',
        actor: input.actor,
        reference: input.reference,
        amount: input.pack.price.amount,
        currency: input.pack.price.currency,
      })
      .onConflict((oc) => oc.columns(['kind', 'reference']).where('reference', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await tx
      .insertInto('pack_entitlements')
      .values({ workspace_id: input.workspaceId, pack_id: input.pack.id, source: 'purchase', granted_by: input.actor })
      .onConflict((oc) => oc.columns(['workspace_id', 'pack_id']).doUpdateSet({ source: 'purchase', granted_by: input.actor, created_at: sql`now()`, revoked_at: null }))
      .execute();
    return true;
  });
}

export async function recordPackEvent(
  db: Kysely<Database>,
  input: { workspaceId: string; packId: string; kind: 'grant' | 'revoke' | 'download'; actor: string; version?: string },
): Promise<void> {
  await db
    .insertInto('pack_events')
    .values({ id: randomUUID(), workspace_id: input.workspaceId, pack_id: input.packId, pack_version: input.version ?? null, kind: input.kind, actor: input.actor })
    .execute();
}

export async function listPackEntitlements(db: Kysely<Database>, workspaceId: string): Promise<PackEntitlement[]> {
  const rows = await db
    .selectFrom('pack_entitlements')
    .select(['pack_id', 'source', 'granted_by', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .orderBy('pack_id')
    .execute();
  return rows.map((r) => ({ packId: r.pack_id, source: r.source, grantedBy: r.granted_by, createdAt: new Date(r.created_at) }));
}
