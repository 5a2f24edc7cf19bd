import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Stripe billing (see src/billing/stripe/ and docs/billing.md).
 * - `workspace_billing` gains the Stripe side of the plan: the customer (one per workspace, unique), the
 *   main subscription (a workflow plan or an API tier) with its status, interval and trial end, the
 *   Integrity Pack ('one_time' bought, or 'monthly' with its own subscription), whether the workspace
 *   ever subscribed (the catalog trial is for the first subscription only), and `stripe_synced_at`: when
 *   the Stripe read behind the stored state started, so a slower, older read never overwrites a newer one.
 * - `stripe_events`: one row per processed webhook event, written in the transaction of its effects, so a
 *   replayed or concurrently delivered event has no effect.
 * - `billing_credits`: the credits ledger in minor units per currency. A purchase is credited once (its
 *   Checkout Session id is the unique `source`); consumption rows are negative and the code refuses any
 *   that would take the balance below zero.
 * - `stripe_usage_reports`: metered overage sent to Stripe, one row per delta. The identifier
 *   (workspace, period, metric, cumulative quantity) is deterministic and unique, so a re-run, or two
 *   processes reporting at once, send each delta once. `reported_at` is null while the send is pending.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await executeStatements(db, `
    alter table workspace_billing
      add column stripe_customer_id text unique,
      add column stripe_subscription_id text,
      add column subscription_status text,
      add column billing_interval text,
      add column trial_end timestamptz,
      add column current_period_end timestamptz,
      add column integrity_pack text,
      add column integrity_pack_subscription_id text,
      add column first_subscribed_at timestamptz,
      add column stripe_synced_at timestamptz;

    create table stripe_events (
      event_id text primary key,
      type text not null,
      workspace_id uuid,
      processed_at timestamptz not null default now()
    );

    create table billing_credits (
      id bigserial primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      amount bigint not null check (amount <> 0),
      currency text not null,
      source text not null unique,
      created_at timestamptz not null default now()
    );
    create index billing_credits_workspace on billing_credits (workspace_id, currency);

    create table stripe_usage_reports (
      identifier text primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      period_start timestamptz not null,
      metric text not null,
      quantity bigint not null check (quantity > 0),
      cumulative bigint not null,
      created_at timestamptz not null default now(),
      reported_at timestamptz
    );
    create index stripe_usage_reports_period on stripe_usage_reports (workspace_id, period_start, metric);
  `);
}
