import { loadPlansCatalog } from '../../billing/plans.ts';
import { ApiCallMeter } from '../../metering/api-call-meter.ts';
import { MemoryCounterStore } from '../../metering/hot-counters.ts';
import { UsageService, type UsageHistory, type UsageReport } from '../../metering/usage-service.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { withWorkspaceDatabase } from './workspace-database.ts';

const count = (n: number) => n.toLocaleString('en-US');
const day = (iso: string) => iso.slice(0, 10);

function formatReport(slug: string, r: UsageReport): string {
  const lines = [
    `workspace ${slug}: ${r.plan.name} (${r.plan.kind === 'api_tier' ? 'API tier' : r.plan.kind === 'self_hosted' ? 'no quotas or limits' : r.plan.kind}), period ${day(r.period_start)} to ${day(r.reset_date)} (resets then)`,
    (r.calls_included === null ? `  API calls:  ${count(r.calls_used)} (no limit)` : `  API calls:  ${count(r.calls_used)} of ${count(r.calls_included)} included, ${count(r.calls_remaining ?? 0)} left`) +
      (r.plan.kind === 'api_tier' ? `; overage ${count(r.overage_calls)} calls = ${r.overage_cost.display}` : r.calls_remaining === 0 ? ' (further calls are refused with 402 until the reset)' : ''),
    `  runs:       ${count(r.runs_used)}${r.runs_remaining === null ? '' : ` of ${count(r.runs_used + r.runs_remaining)}, ${count(r.runs_remaining)} left`}${r.runs_held ? `; ${count(r.runs_held)} held (quota_exceeded) until the quota allows` : ''}`,
    `  AI tokens:  ${count(r.tokens_used)}`,
    `  by endpoint: ${Object.entries(r.by_endpoint).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${count(n)}`).join(', ') || 'none yet'}`,
  ];
  return lines.join('\n');
}

function formatHistory(h: UsageHistory): string {
  const rows = h.days.map((d) => `  ${d.day}  ${String(count(d.calls)).padStart(9)}  ${String(count(d.runs)).padStart(8)}  ${String(count(d.steps)).padStart(8)}  ${String(count(d.tokens)).padStart(9)}`);
  return [`  day         API calls      runs     steps     tokens`, ...rows].join('\n');
}

export const usageCommand: Command = {
  name: 'usage',
  summary: "A workspace's usage this period: API calls, runs, tokens, quota left",
  help: `Usage: levqor usage [--workspace SLUG] [--days N] [--json]

Prints the workspace's plan, its current monthly period and what it has used: API calls (included, left,
overage on API tiers), runs (and runs held by the run quota), AI tokens, and calls per endpoint
category; the same numbers as GET /api/v1/usage, read from the usage ledger and the run records.
While levqor start runs on the embedded database, this asks it through its admin channel.
Options:
  --workspace SLUG  The workspace (default: default)
  --days N          Also print calls, runs, steps and tokens per day for the last N days (1-366)
  --json            Print the report (and history) as JSON`,
  async run(args) {
    const { values } = parseCommandArgs('usage', args, { workspace: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } }, false);
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 366)) throw new CliError('--days must be a whole number from 1 to 366');
    const config = loadCliConfig();
    const catalog = loadPlansCatalog(config.plansCatalog);
    const slug = values.workspace ?? 'default';
    return withWorkspaceDatabase(config, slug, async (db, workspace) => {
      // Nothing is counted by this process: the meter only answers "no unflushed calls".
      const usage = new UsageService(db, catalog, new ApiCallMeter({ db, counters: new MemoryCounterStore(), flushMs: 60_000 }));
      const report = await usage.report(workspace.id);
      const history = days === undefined ? undefined : await usage.history(workspace.id, days);
      if (values.json) console.log(JSON.stringify(history ? { ...report, history } : report, null, 2));
      else console.log(history ? `${formatReport(workspace.slug, report)}\n\n${formatHistory(history)}` : formatReport(workspace.slug, report));
      return 0;
    }, 'GET /api/v1/usage');
  },
};
