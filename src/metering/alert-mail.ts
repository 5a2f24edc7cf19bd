import { formatCount, resetDay, UPGRADE_HINT, type PlanQuota } from './quota-limits.ts';

export interface UsageAlert {
  metric: 'calls' | 'runs';
  threshold: 80 | 100;
  used: number;
  limit: number;
  reset: Date;
  quota: PlanQuota;
}

/** What happens at 100%, per metric and plan kind. */
function atTheLimit(alert: UsageAlert): string {
  if (alert.metric === 'runs') {
    return 'Runs started beyond the limit are not lost: they are held (status quota_exceeded, visible in the run list) and start on their own when the period resets or the plan changes.';
  }
  if (alert.quota.overage) return 'Calls beyond the included calls keep working and are billed as overage at your API tier\'s price per 1,000 calls.';
  return 'Beyond the limit, API calls are refused with HTTP 402 (quota_exceeded) until the period resets or the plan changes; the usage and billing routes stay open.';
}

/** A plain-text alert mail to the owners of a workspace. */
export function usageAlertMail(workspaceName: string, alert: UsageAlert, publicUrl: string | undefined): { subject: string; text: string } {
  const what = alert.metric === 'calls' ? 'API calls' : 'workflow runs';
  const reached = alert.threshold === 100 ? 'has used all' : `has used ${alert.threshold}%`;
  const subject = `Levqor: ${workspaceName} ${reached} of its ${what} this month`;
  const usage = publicUrl ? `${publicUrl.replace(/\/$/, '')}/api/v1/usage` : 'GET /api/v1/usage';
  const text = [
    `The workspace "${workspaceName}" ${reached} of the ${what} included in its ${alert.quota.planName}.`,
    '',
    `Used: ${formatCount(alert.used)} of ${formatCount(alert.limit)} ${what} this period.`,
    `The period resets on ${resetDay(alert.reset)} at 00:00 UTC.`,
    '',
    atTheLimit(alert),
    '',
    `To raise the limit, ${UPGRADE_HINT}. Current usage: ${usage}.`,
    '',
    'You receive this because you own the workspace. Each alert (80% and 100%) is sent once per period.',
    '',
  ].join('\n');
  return { subject, text };
}
