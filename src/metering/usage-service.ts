import { sql, type Kysely } from 'kysely';
import { apiTierById, formatMoney, planById, type Currency, type PlansCatalog } from '../billing/plans.ts';
import { PlanLimits, type PlanLimitName } from './plan-limits.ts';
import { planQuota, type PlanQuota } from './quota-limits.ts';
import { readWorkspaceBilling } from './quota-plans.ts';
import { addPurgedUsage } from './purged-usage.ts';
import { countCountedRuns, countHeldRuns } from './run-counts.ts';
import { tokensByDay, tokensByWorkflow, tokensInPeriod } from './token-usage.ts';
import type { Database } from '../store/schema.ts';
import type { ApiCallMeter } from './api-call-meter.ts';
import { USAGE_CATEGORIES } from './categories.ts';
import { ledgerCallsByDay, ledgerCallsByKey, utcDay } from './usage-ledger.ts';

const DAY_MS = 86_400_000;

export interface UsagePeriod {
  start: Date;
  reset: Date;
}

/**
 * The monthly period containing `now`, anchored at the UTC day of `anchor`: periods start on that day
 * of each month (the last day of shorter months), at 00:00 UTC.
 */
export function periodAt(anchor: Date, now: Date): UsagePeriod {
  const day = anchor.getUTCDate();
  const monthStart = (months: number) => {
    const y = anchor.getUTCFullYear();
    const m = anchor.getUTCMonth() + months;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return new Date(Date.UTC(y, m, Math.min(day, last)));
  };
  let months = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  if (monthStart(months) > now) months--;
  if (months < 0) months = 0;
  return { start: monthStart(months), reset: monthStart(months + 1) };
}

export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${fromDay}T00:00:00Z`); t <= Date.parse(`${toDay}T00:00:00Z`); t += DAY_MS) days.push(utcDay(new Date(t)));
  return days;
}

/** The usage answer (GET /api/v1/usage), snake_case as the API documents it. */
export interface UsageReport {
  plan: { id: string; name: string; kind: PlanQuota['kind'] };
  period_start: string;
  reset_date: string;
  calls_used: number;
  /** Null: no limit (the self-hosted plan). */
  calls_included: number | null;
  calls_remaining: number | null;
  overage_calls: number;
  overage_cost: { amount: number; currency: Currency; display: string };
  runs_used: number;
  runs_remaining: number | null;
  runs_held: number;
  tokens_used: number;
  by_endpoint: Record<string, number>;
  /** Plan limits on resources (not per period): allowed is null when the plan sets none (API tiers). */
  limits: Record<PlanLimitName, { allowed: number | null; current: number }>;
}

export interface UsageHistory {
  from: string;
  to: string;
  days: { day: string; calls: number; runs: number; steps: number; tokens: number }[];
  /** Runs and steps of the window per workflow (from the run records), most runs first. */
  by_workflow: { workflow_id: string; name: string; runs: number; steps: number; tokens: number }[];
}

/**
 * Usage of a workspace in its current period: API calls from the ledger plus this process's unflushed
 * counts (the numbers the ledger will hold once flushed), runs from the durable run records (exact).
 */
export class UsageService {
  private readonly db: Kysely<Database>;
  private readonly catalog: PlansCatalog;
  private readonly meter: ApiCallMeter;
  private readonly now: () => Date;

  constructor(db: Kysely<Database>, catalog: PlansCatalog, meter: ApiCallMeter, now: () => Date = () => new Date()) {
    this.db = db;
    this.catalog = catalog;
    this.meter = meter;
    this.now = now;
  }

  /** The plan id and period anchor: the workspace_billing row, else the trial from the workspace's creation. */
  async billing(workspaceId: string): Promise<{ planId: string; anchor: Date }> {
    const billing = await readWorkspaceBilling(this.db, workspaceId);
    if (!billing) throw new Error(`workspace ${workspaceId} does not exist`);
    return billing;
  }

  async report(workspaceId: string): Promise<UsageReport> {
    const { planId, anchor } = await this.billing(workspaceId);
    const period = periodAt(anchor, this.now());
    const fromDay = utcDay(period.start);
    const toDay = utcDay(new Date(period.reset.getTime() - DAY_MS));
    // With no flush in between, so a batch is counted either in the ledger or as unflushed, once.
    const [local, ledger] = await this.meter.consistent(async () => [
      this.meter.unflushed(workspaceId).filter((d) => d.day >= fromDay && d.day <= toDay),
      await ledgerCallsByKey(this.db, workspaceId, fromDay, toDay),
    ] as const);
    const byEndpoint: Record<string, number> = Object.fromEntries(USAGE_CATEGORIES.map((c) => [c, 0]));
    for (const row of [...ledger, ...local]) byEndpoint[row.category] = (byEndpoint[row.category] ?? 0) + row.calls;
    const callsUsed = Object.values(byEndpoint).reduce((sum, n) => sum + n, 0);
    const [runsUsed, runsHeld, tokensUsed, limits] = await Promise.all([
      this.countRuns(workspaceId, period),
      countHeldRuns(this.db, workspaceId),
      tokensInPeriod(this.db, workspaceId, period),
      new PlanLimits(this.catalog, true).report(this.db, workspaceId),
    ]);

    const tier = apiTierById(this.catalog, planId);
    const plan = tier ? undefined : planById(this.catalog, planId);
    const quota = planQuota(this.catalog, planId);
    const runLimit = quota.runsPerMonth;
    const overageCalls = tier ? Math.max(0, callsUsed - tier.includedCalls) : 0;
    const currency: Currency = tier?.currency ?? this.catalog.apiTiers[0]?.currency ?? this.catalog.plans[0].currency;
    // Prorated per call, rounded up to the next minor unit.
    const overageAmount = tier ? Math.ceil((overageCalls * tier.overagePer1000) / 1000) : 0;
    return {
      plan: tier ? { id: tier.id, name: tier.name, kind: 'api_tier' } : plan ? { id: plan.id, name: plan.name, kind: 'plan' } : quota.kind === 'self_hosted' ? { id: quota.planId, name: 'Self-hosted', kind: 'self_hosted' } : { id: 'trial', name: 'Trial', kind: 'trial' },
      period_start: period.start.toISOString(),
      reset_date: period.reset.toISOString(),
      calls_used: callsUsed,
      calls_included: quota.includedCalls,
      calls_remaining: quota.includedCalls === null ? null : Math.max(0, quota.includedCalls - callsUsed),
      overage_calls: overageCalls,
      overage_cost: { amount: overageAmount, currency, display: formatMoney(overageAmount, currency) },
      runs_used: runsUsed,
      runs_remaining: runLimit === null ? null : Math.max(0, runLimit - runsUsed),
      runs_held: runsHeld,
      tokens_used: tokensUsed,
      by_endpoint: byEndpoint,
      limits,
    };
  }

  /** Calls, runs and steps per UTC day, for the last `days` days up to today. */
  async history(workspaceId: string, days: number): Promise<UsageHistory> {
    const today = this.now();
    const toDay = utcDay(today);
    const fromDay = utcDay(new Date(Date.parse(`${toDay}T00:00:00Z`) - (days - 1) * DAY_MS));
    const from = new Date(`${fromDay}T00:00:00Z`);
    const [local, calls] = await this.meter.consistent(async () => [this.meter.unflushed(workspaceId), await ledgerCallsByDay(this.db, workspaceId, fromDay, toDay)] as const);
    for (const d of local) if (d.day >= fromDay && d.day <= toDay) calls.set(d.day, (calls.get(d.day) ?? 0) + d.calls);
    const runs = await this.db
      .selectFrom('runs')
      .select([sql<string>`to_char(counted_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'), sql<string>`count(*)::text`.as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('counted_at', '>=', from)
      .groupBy(sql`1`)
      .execute();
    const steps = await this.db
      .selectFrom('run_steps')
      .select([sql<string>`to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'), sql<string>`count(*)::text`.as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('status', '!=', 'retrying')
      .where('finished_at', '>=', from)
      .groupBy(sql`1`)
      .execute();
    const perWorkflow = await this.db
      .selectFrom('runs')
      .innerJoin('workflows', 'workflows.id', 'runs.workflow_id')
      .select([
        'runs.workflow_id',
        'workflows.name',
        sql<string>`count(*)::text`.as('runs'),
        sql<string>`coalesce(sum((select count(*) from run_steps s where s.run_id = runs.id and s.status <> 'retrying')), 0)::text`.as('steps'),
      ])
      .where('runs.workspace_id', '=', workspaceId)
      .where('runs.counted_at', '>=', from)
      .groupBy(['runs.workflow_id', 'workflows.name'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('runs.workflow_id')
      .execute();
    const [tokensDaily, tokensPerWorkflow] = await Promise.all([tokensByDay(this.db, workspaceId, from), tokensByWorkflow(this.db, workspaceId, from)]);
    const runsByDay = new Map(runs.map((r) => [r.day, Number(r.n)]));
    const stepsByDay = new Map(steps.map((r) => [r.day, Number(r.n)]));
    // Runs deleted by the retention purger still count (src/metering/purged-usage.ts).
    const workflows = await addPurgedUsage(this.db, workspaceId, fromDay, { runs: runsByDay, steps: stepsByDay }, perWorkflow);
    return {
      from: fromDay,
      to: toDay,
      days: daysBetween(fromDay, toDay).map((day) => ({ day, calls: calls.get(day) ?? 0, runs: runsByDay.get(day) ?? 0, steps: stepsByDay.get(day) ?? 0, tokens: tokensDaily.get(day) ?? 0 })),
      by_workflow: workflows.map((r) => ({ workflow_id: r.workflow_id, name: r.name, runs: r.runs, steps: r.steps, tokens: tokensPerWorkflow.get(r.workflow_id) ?? 0 })),
    };
  }

  /** Runs counted in the period (created, or released from the quota hold), from the durable run records. */
  countRuns(workspaceId: string, period: UsagePeriod): Promise<number> {
    return countCountedRuns(this.db, workspaceId, period);
  }
}
