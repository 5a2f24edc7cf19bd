import { formatCount, resetDay, type PlanQuota } from './quota-limits.ts';

/** A limit reached: what the 402 answers and run holds tell the caller. */
export interface QuotaRefusal {
  metric: 'calls' | 'runs';
  limit: number;
  used: number;
  reset: Date;
  quota: PlanQuota;
  message: string;
}

export function callsRefusal(quota: PlanQuota, limit: number, used: number, reset: Date, hint: string): QuotaRefusal {
  const message =
    `the workspace used the ${formatCount(limit)} API calls per month included in the ${quota.planName}; ` +
    `API calls are refused until the period resets on ${resetDay(reset)} (00:00 UTC) or the plan changes: ${hint}. ` +
    'GET /api/v1/usage and the billing routes stay open.';
  return { metric: 'calls', limit, used, reset, quota, message };
}

export function runsRefusal(quota: PlanQuota, used: number, reset: Date, hint: string): QuotaRefusal {
  const limit = quota.runsPerMonth ?? 0;
  const message =
    `the workspace used the ${formatCount(limit)} runs per month included in the ${quota.planName}; ` +
    `this run is held (status quota_exceeded), not lost: it starts when the period resets on ${resetDay(reset)} (00:00 UTC) or the plan changes. ` +
    `To run it sooner, ${hint}.`;
  return { metric: 'runs', limit, used, reset, quota, message };
}

/** The `details` of a 402 and of a held run's answer (snake_case, like the usage API). */
export function refusalDetails(refusal: QuotaRefusal) {
  return {
    metric: refusal.metric,
    limit: refusal.limit,
    used: refusal.used,
    reset_date: refusal.reset.toISOString(),
    plan: { id: refusal.quota.planId, name: refusal.quota.planName, kind: refusal.quota.kind },
    upgrade: { plans: 'GET /api/v1/plans', checkout: 'POST /api/v1/billing/checkout', usage: 'GET /api/v1/usage' },
  };
}
