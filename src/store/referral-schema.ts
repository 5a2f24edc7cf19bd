import type { ColumnType, Generated } from 'kysely';

/** Migration 018: referral codes and the sign-ups attributed to them (src/billing/referrals.ts). */
export interface ReferralTables {
  referral_codes: {
    workspace_id: string;
    code: string;
    created_at: Generated<Date>;
  };
  referrals: {
    referred_workspace_id: string;
    referrer_workspace_id: string;
    signed_up_at: Generated<Date>;
    converted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    converting_invoice_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** bigint: read back as text or number. */
    credit_amount: ColumnType<string | number | null, number | null | undefined, number | null>;
    credit_currency: ColumnType<string | null, string | null | undefined, string | null>;
  };
}
