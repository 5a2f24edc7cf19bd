import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The dashboard and referrals.
 *
 * - `runs_queued`: the queue of one workspace (its depth and oldest queued run, for the workspace health
 *   endpoint) without scanning the workspace's whole history; queued runs are few, so the index is small.
 * - `referral_codes`: each workspace's code for `/signup?ref=<code>`, created the first time it is asked for.
 * - `referrals`: a workspace signed up through a code (one referrer at most, set at sign-up). When it pays
 *   its first invoice (`invoice.paid` with an amount) `converted_at` is set once, and the referrer's credit
 *   is written to `billing_credits` under the unique source `referral:<referred workspace id>`, so a
 *   redelivered or second invoice event can never credit twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    create index runs_queued on runs (workspace_id, created_at) where status = 'queued';

    create table referral_codes (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      code text not null unique,
      created_at timestamptz not null default now()
    );

    create table referrals (
      referred_workspace_id uuid primary key references workspaces(id) on delete cascade,
      referrer_workspace_id uuid not null references workspaces(id) on delete cascade,
      signed_up_at timestamptz not null default now(),
      converted_at timestamptz,
      converting_invoice_id text,
      credit_amount bigint,
      credit_currency text
    );
    create index referrals_referrer on referrals (referrer_workspace_id, signed_up_at);
  `);
}
