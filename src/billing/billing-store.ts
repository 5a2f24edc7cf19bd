import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, WorkspaceBillingTable } from '../store/schema.ts';

export type BillingRow = Selectable<WorkspaceBillingTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Persistence of billing state (migration 009). Every method is scoped by workspace id or a Stripe id. */
export class BillingStore {
  readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** The workspace's billing row, created (trial, anchored at the workspace's creation) when missing. */
  async ensure(workspaceId: string, db: Db = this.db): Promise<BillingRow> {
    await sql`insert into workspace_billing (workspace_id, period_start)
              select id, created_at from workspaces where id = ${workspaceId}
              on conflict (workspace_id) do nothing`.execute(db);
    return db.selectFrom('workspace_billing').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  }

  /** Locks the row for the rest of the transaction, so webhook updates of one workspace apply one at a time. */
  async lock(trx: Transaction<Database>, workspaceId: string): Promise<BillingRow> {
    await this.ensure(workspaceId, trx);
    return trx.selectFrom('workspace_billing').selectAll().where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
  }

  async get(workspaceId: string): Promise<BillingRow | undefined> {
    return this.db.selectFrom('workspace_billing').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  }

  async setCustomer(workspaceId: string, customerId: string): Promise<void> {
    await this.ensure(workspaceId);
    await this.db.updateTable('workspace_billing').set({ stripe_customer_id: customerId }).where('workspace_id', '=', workspaceId).execute();
  }

  async workspaceOfCustomer(customerId: string, db: Db = this.db): Promise<string | undefined> {
    const row = await db.selectFrom('workspace_billing').select('workspace_id').where('stripe_customer_id', '=', customerId).executeTakeFirst();
    return row?.workspace_id;
  }

  async workspaceExists(workspaceId: string, db: Db = this.db): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(workspaceId)) return false;
    return (await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst()) !== undefined;
  }

  async isEventProcessed(eventId: string): Promise<boolean> {
    return (await this.db.selectFrom('stripe_events').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) !== undefined;
  }

  /** Claims the event inside the transaction of its effects; false when it was already processed. */
  async claimEvent(trx: Transaction<Database>, eventId: string, type: string, workspaceId: string | null): Promise<boolean> {
    const row = await trx
      .insertInto('stripe_events')
      .values({ event_id: eventId, type, workspace_id: workspaceId })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Credits per currency (minor units, upper-case codes); never negative by construction. */
  async creditBalances(workspaceId: string, db: Db = this.db): Promise<Record<string, number>> {
    const rows = await db
      .selectFrom('billing_credits')
      .select(['currency', sql<string>`sum(amount)::text`.as('balance')])
      .where('workspace_id', '=', workspaceId)
      .groupBy('currency')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.currency, Number(r.balance)]));
  }

  /** The workspace's credit ledger, newest first: purchases, referral rewards, amounts applied to invoices. */
  async creditLedger(workspaceId: string, limit: number, db: Db = this.db) {
    return db
      .selectFrom('billing_credits')
      .select(['id', 'amount', 'currency', 'source', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Adds a purchase once per source (a Checkout Session id); false when that source was already credited. */
  async addCredit(trx: Transaction<Database>, workspaceId: string, amount: number, currency: string, source: string): Promise<boolean> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`a credit purchase must be a positive whole amount, got ${amount}`);
    const row = await trx
      .insertInto('billing_credits')
      .values({ workspace_id: workspaceId, amount, currency: currency.toUpperCase(), source })
      .onConflict((oc) => oc.column('source').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Consumes credits (e.g. applied to an invoice) once per source, refusing to go below zero: the
   * balance is read under a lock of the workspace's billing row, so two consumers cannot both pass.
   */
  async consumeCredit(workspaceId: string, amount: number, currency: string, source: string): Promise<boolean> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`a consumption must be a positive whole amount, got ${amount}`);
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx, workspaceId);
      const balance = (await this.creditBalances(workspaceId, trx))[currency.toUpperCase()] ?? 0;
      if (balance < amount) throw new RangeError(`only ${balance} ${currency} of credits left; cannot consume ${amount}`);
      const row = await trx
        .insertInto('billing_credits')
        .values({ workspace_id: workspaceId, amount: -amount, currency: currency.toUpperCase(), source })
        .onConflict((oc) => oc.column('source').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    });
  }

  /**
   * Reserves up to `max` of the workspace's credits for one source (an invoice), once: a repeat returns
   * the amount recorded the first time, whatever the balance is now, so a retried caller repeats the very
   * same request to Stripe. Returns 0 when nothing is left to reserve in that currency.
   */
  async reserveCredit(workspaceId: string, max: number, currency: string, source: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx, workspaceId);
      const recorded = await this.consumedBy(workspaceId, source, trx);
      if (recorded !== undefined) return recorded;
      const balance = (await this.creditBalances(workspaceId, trx))[currency.toUpperCase()] ?? 0;
      const amount = Math.min(balance, max);
      if (!Number.isSafeInteger(amount) || amount <= 0) return 0;
      await trx.insertInto('billing_credits').values({ workspace_id: workspaceId, amount: -amount, currency: currency.toUpperCase(), source }).execute();
      return amount;
    });
  }

  /** The amount a source consumed from the workspace's credits (positive), or undefined when it consumed nothing. */
  async consumedBy(workspaceId: string, source: string, db: Db = this.db): Promise<number | undefined> {
    const row = await db.selectFrom('billing_credits').select('amount').where('workspace_id', '=', workspaceId).where('source', '=', source).where('amount', '<', 0).executeTakeFirst();
    return row ? -Number(row.amount) : undefined;
  }
}
