import { sql, type Kysely } from 'kysely';
import { ledgerCallsByDay, utcDay } from '../../metering/usage-ledger.ts';
import { periodAt, type UsagePeriod } from '../../metering/usage-service.ts';
import type { Database } from '../../store/schema.ts';
import { BillingStore } from '../billing-store.ts';
import type { PlansCatalog } from '../plans.ts';
import { OVERAGE_METER_EVENT, type StripeClient } from './stripe-client.ts';

export const OVERAGE_METRIC = 'api_overage_calls';
const DAY_MS = 86_400_000;

export interface UsageReportLine {
  workspaceId: string;
  periodStart: string;
  identifier: string;
  quantity: number;
  cumulative: number;
  /** `sent`: a new delta; `resent`: a delta claimed earlier whose send had not been confirmed. */
  status: 'sent' | 'resent';
}

interface Claim {
  identifier: string;
  quantity: number;
  cumulative: number;
  claimedAt: Date;
}

/** The deterministic identifier of a delta: the same workspace, period and cumulative total is one report. */
export const usageIdentifier = (workspaceId: string, periodStart: Date, cumulative: number) =>
  `levqor:${workspaceId}:${periodStart.toISOString()}:${OVERAGE_METRIC}:${cumulative}`;

/**
 * Reports API overage calls to Stripe's meter as deltas of the period's cumulative overage (from the
 * ledger, the record). A delta is first claimed in `stripe_usage_reports` under a lock of the
 * workspace's billing row (so two processes never claim overlapping deltas), then sent with its
 * identifier as the meter event's `identifier` (Stripe drops a repeat), then marked reported. A claim
 * whose send failed or was interrupted is sent again, with the same identifier, on the next run.
 */
/** Some workspaces could not be reported (their errors); the others were (their lines). The next run retries. */
export class UsageReportFailure extends AggregateError {
  readonly lines: UsageReportLine[];
  constructor(errors: { workspaceId: string; error: unknown }[], lines: UsageReportLine[]) {
    const first = errors[0];
    super(
      errors.map((e) => e.error),
      `usage of ${errors.length} workspace(s) could not be reported to Stripe (first: workspace ${first.workspaceId}: ${(first.error as Error)?.message ?? String(first.error)}); ${lines.length} report(s) for the others went through; the next run retries`,
    );
    this.lines = lines;
  }
}

export class UsageReporter {
  private readonly db: Kysely<Database>;
  private readonly store: BillingStore;
  private readonly deps: { stripe: StripeClient; catalog: PlansCatalog; now?: () => Date };

  constructor(db: Kysely<Database>, deps: { stripe: StripeClient; catalog: PlansCatalog; now?: () => Date }) {
    this.db = db;
    this.deps = deps;
    this.store = new BillingStore(db);
  }

  async reportAll(): Promise<UsageReportLine[]> {
    const tiers = this.deps.catalog.apiTiers;
    if (tiers.length === 0) return [];
    const rows = await this.db
      .selectFrom('workspace_billing')
      .select(['workspace_id', 'plan_id', 'period_start', 'stripe_customer_id'])
      .where('plan_id', 'in', tiers.map((t) => t.id))
      .where('stripe_subscription_id', 'is not', null)
      .where('stripe_customer_id', 'is not', null)
      .orderBy('workspace_id')
      .execute();
    const lines: UsageReportLine[] = [];
    // One workspace's failure (Stripe refusing, a network error) must not keep the others unreported.
    const failures: { workspaceId: string; error: unknown }[] = [];
    for (const row of rows) {
      const tier = tiers.find((t) => t.id === row.plan_id)!;
      try {
        lines.push(...(await this.resendPending(row.workspace_id, row.stripe_customer_id!, row.period_start)));
        const now = (this.deps.now ?? (() => new Date()))();
        const current = periodAt(row.period_start, now);
        // The previous period too: calls made after the last run but before the period ended still count.
        const previous = periodAt(row.period_start, new Date(current.start.getTime() - 1));
        const periods = previous.start.getTime() === current.start.getTime() ? [current] : [previous, current];
        for (const period of periods) {
          const claimed = await this.claim(row.workspace_id, period, tier.includedCalls);
          if (claimed) lines.push(await this.send(row.workspace_id, row.stripe_customer_id!, period, claimed, 'sent'));
        }
      } catch (error) {
        failures.push({ workspaceId: row.workspace_id, error });
      }
    }
    if (failures.length > 0) throw new UsageReportFailure(failures, lines);
    return lines;
  }

  private async claim(workspaceId: string, period: UsagePeriod, includedCalls: number): Promise<Claim | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await this.store.lock(trx, workspaceId);
      const calls = [...(await ledgerCallsByDay(trx, workspaceId, utcDay(period.start), utcDay(new Date(period.reset.getTime() - DAY_MS)))).values()].reduce((a, b) => a + b, 0);
      const cumulative = Math.max(0, calls - includedCalls);
      const reported = await trx
        .selectFrom('stripe_usage_reports')
        .select(sql<string>`coalesce(sum(quantity), 0)::text`.as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('period_start', '=', period.start)
        .where('metric', '=', OVERAGE_METRIC)
        .executeTakeFirstOrThrow();
      const quantity = cumulative - Number(reported.n);
      if (quantity <= 0) return undefined;
      const identifier = usageIdentifier(workspaceId, period.start, cumulative);
      const inserted = await trx
        .insertInto('stripe_usage_reports')
        .values({ identifier, workspace_id: workspaceId, period_start: period.start, metric: OVERAGE_METRIC, quantity, cumulative })
        .onConflict((oc) => oc.column('identifier').doNothing())
        .returning('created_at')
        .executeTakeFirst();
      return inserted ? { identifier, quantity, cumulative, claimedAt: inserted.created_at } : undefined;
    });
  }

  private async resendPending(workspaceId: string, customerId: string, anchor: Date): Promise<UsageReportLine[]> {
    const pending = await this.db.selectFrom('stripe_usage_reports').selectAll().where('workspace_id', '=', workspaceId).where('reported_at', 'is', null).execute();
    const lines: UsageReportLine[] = [];
    for (const row of pending) {
      // The period as the first send computed it (from the anchor: a claim's start alone would put its
      // end on the wrong day after a short month), so the resend is the very same request.
      const period = periodAt(anchor, row.period_start);
      const claim = { identifier: row.identifier, quantity: Number(row.quantity), cumulative: Number(row.cumulative), claimedAt: row.created_at };
      lines.push(await this.send(workspaceId, customerId, period, claim, 'resent'));
    }
    return lines;
  }

  private async send(workspaceId: string, customerId: string, period: UsagePeriod, claim: Claim, status: UsageReportLine['status']): Promise<UsageReportLine> {
    // Stamped when claimed (so a resend is the very same request), and inside the period it belongs to,
    // so Stripe bills it on that period's invoice.
    const at = Math.min(claim.claimedAt.getTime(), period.reset.getTime() - 60_000);
    await this.deps.stripe.billing.meterEvents.create(
      {
        event_name: OVERAGE_METER_EVENT,
        identifier: claim.identifier,
        timestamp: Math.floor(at / 1000),
        payload: { stripe_customer_id: customerId, value: String(claim.quantity) },
      },
      // Stripe dedupes by identifier for at least 24 h; the idempotency key also makes a resend answer as the first send.
      { idempotencyKey: claim.identifier },
    );
    await this.db.updateTable('stripe_usage_reports').set({ reported_at: new Date() }).where('identifier', '=', claim.identifier).execute();
    const { claimedAt: _claimedAt, ...line } = claim;
    return { workspaceId, periodStart: period.start.toISOString(), ...line, status };
  }
}

/** Runs the reporter every `intervalMs` in this process (the timer does not keep the process alive). */
export function scheduleUsageReports(reporter: UsageReporter, intervalMs: number, onError: (error: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = reporter.reportAll().catch(onError).finally(() => {
      running = undefined;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
