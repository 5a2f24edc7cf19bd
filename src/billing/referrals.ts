import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { BillingStore } from './billing-store.ts';
import { formatMoney, type Currency, type PlansCatalog } from './plans.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Lower-case letters and digits without look-alikes (0/o, 1/l), so a code read aloud survives. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;
/** What a sign-up accepts as `referralCode`: the codes this module makes, and a little slack. */
export const REFERRAL_CODE_PATTERN = '^[a-z0-9]{6,32}$';

export const referralCreditSource = (referredWorkspaceId: string) => `referral:${referredWorkspaceId}`;

function newCode(): string {
  return [...randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/**
 * Attributes a new workspace to the workspace whose code it signed up with, in the sign-up's
 * transaction. An unknown code attributes nothing (the link may be old) and the sign-up goes on.
 */
export async function attributeReferral(trx: Transaction<Database>, code: string, referredWorkspaceId: string): Promise<boolean> {
  const referrer = await trx.selectFrom('referral_codes').select('workspace_id').where('code', '=', code.toLowerCase()).executeTakeFirst();
  if (!referrer || referrer.workspace_id === referredWorkspaceId) return false;
  const row = await trx
    .insertInto('referrals')
    .values({ referred_workspace_id: referredWorkspaceId, referrer_workspace_id: referrer.workspace_id })
    .onConflict((oc) => oc.column('referred_workspace_id').doNothing())
    .returning('referrer_workspace_id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface ReferralSummary {
  code: string;
  signups: number;
  conversions: number;
  earned: { amount: number; currency: string; display: string }[];
  reward: { amount: number; currency: string; display: string } | null;
}

/** Referral codes, attributed sign-ups and the referrer's credit once the referred workspace pays (migration 018). */
export class Referrals {
  readonly #db: Kysely<Database>;
  readonly #catalog: PlansCatalog;

  constructor(db: Kysely<Database>, catalog: PlansCatalog) {
    this.#db = db;
    this.#catalog = catalog;
  }

  /** The workspace's code, made the first time it is asked for (two concurrent first asks agree on one). */
  async codeOf(workspaceId: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.#db.selectFrom('referral_codes').select('code').where('workspace_id', '=', workspaceId).executeTakeFirst();
      if (existing) return existing.code;
      // A clash on the code itself (1 in 32^10) is retried with a new one; a clash on the workspace means another request won.
      await sql`insert into referral_codes (workspace_id, code) values (${workspaceId}::uuid, ${newCode()}) on conflict do nothing`.execute(this.#db);
    }
    throw new Error(`could not create a referral code for workspace ${workspaceId}`);
  }

  /**
   * The referred workspace paid an invoice: the first time, the referral converts and the referrer is
   * credited the catalog's `referralCredit`. Runs in the webhook event's transaction; the conversion is
   * a conditional update and the credit has the unique source `referral:<referred id>`, so neither a
   * redelivered event nor a later invoice credits again. Returns the referrer credited, if any.
   */
  async convert(trx: Transaction<Database>, store: BillingStore, referredWorkspaceId: string, invoiceId: string): Promise<string | undefined> {
    const reward = this.#catalog.referralCredit;
    const converted = await trx
      .updateTable('referrals')
      .set({ converted_at: new Date(), converting_invoice_id: invoiceId, credit_amount: reward?.amount ?? null, credit_currency: reward?.currency ?? null })
      .where('referred_workspace_id', '=', referredWorkspaceId)
      .where('converted_at', 'is', null)
      .returning('referrer_workspace_id')
      .executeTakeFirst();
    if (!converted) return undefined;
    if (reward) await store.addCredit(trx, converted.referrer_workspace_id, reward.amount, reward.currency, referralCreditSource(referredWorkspaceId));
    return converted.referrer_workspace_id;
  }

  async summary(workspaceId: string, db: Db = this.#db): Promise<ReferralSummary> {
    const code = await this.codeOf(workspaceId);
    const counts = await db
      .selectFrom('referrals')
      .select([sql<number>`count(*)::int`.as('signups'), sql<number>`count(converted_at)::int`.as('conversions')])
      .where('referrer_workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    // What was credited is read from the ledger itself, so the figure is what the balance received.
    const earned = await db
      .selectFrom('billing_credits')
      .select(['currency', sql<string>`sum(amount)::text`.as('amount')])
      .where('workspace_id', '=', workspaceId)
      .where('source', 'like', 'referral:%')
      .groupBy('currency')
      .orderBy('currency')
      .execute();
    const reward = this.#catalog.referralCredit;
    return {
      code,
      signups: Number(counts.signups),
      conversions: Number(counts.conversions),
      earned: earned.map((e) => ({ amount: Number(e.amount), currency: e.currency, display: formatMoney(Number(e.amount), e.currency as Currency) })),
      reward: reward ? { ...reward, display: formatMoney(reward.amount, reward.currency) } : null,
    };
  }
}
