import { loadPlansCatalog } from '../../billing/plans.ts';
import { createStripeClient } from '../../billing/stripe/stripe-client.ts';
import { syncChanged, syncStripeCatalog, type SyncReport } from '../../billing/stripe/sync-catalog.ts';
import { UsageReporter, UsageReportFailure, type UsageReportLine } from '../../billing/stripe/usage-reporter.ts';
import type { LevqorConfig } from '../../config/config.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { openDatabase } from '../../store/open-database.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';

async function stripeOf(config: LevqorConfig) {
  const stripe = await createStripeClient(config.stripe);
  if (!stripe) throw new CliError('STRIPE_SECRET_KEY is not set: billing needs a Stripe secret key (sk_live_… or sk_test_…)', 1);
  return stripe;
}

/** One line per Stripe object and a summary, e.g. `price   launch_monthly  created  price_123`. */
export function formatSyncReport(report: SyncReport): string {
  const lines = [
    `meter   ${'levqor_api_overage_calls'.padEnd(28)} ${report.meter.action.padEnd(9)} ${report.meter.id}`,
    ...report.products.map((p) => `product ${p.id.padEnd(28)} ${p.action}`),
    ...report.prices.map((p) => `price   ${p.lookupKey.padEnd(28)} ${p.action.padEnd(9)} ${p.id}`),
  ];
  const all = [report.meter, ...report.products, ...report.prices];
  const count = (action: string) => all.filter((entry) => entry.action === action).length;
  lines.push(syncChanged(report) ? `Stripe updated: ${count('created')} created, ${count('updated')} updated, ${count('replaced')} replaced, ${count('unchanged')} unchanged.` : 'Stripe already matches the catalog; nothing changed.');
  return lines.join('\n');
}

export const billingSyncStripeCommand: Command = {
  name: 'billing sync-stripe',
  summary: 'Create or update Stripe products, prices and the usage meter from the plans catalog',
  help: `Usage: levqor billing sync-stripe [--json]

Makes Stripe (STRIPE_SECRET_KEY) match src/billing/plans-catalog.yaml: products "levqor_<id>" (updated in
place), prices by lookup key (<id>_monthly, <id>_annual, <api tier>_overage, <add-on>_one_time), and the
meter "levqor_api_overage_calls" that API-tier overage is billed by. A price whose amount changed is
replaced: the new price takes over the lookup key and the old one is archived. Running it again
changes nothing. See docs/billing.md.
Options:
  --json   Print the report as JSON`,
  async run(args) {
    const { values } = parseCommandArgs('billing sync-stripe', args, { json: { type: 'boolean' } }, false);
    const config = loadCliConfig();
    const report = await syncStripeCatalog(await stripeOf(config), loadPlansCatalog(config.plansCatalog));
    console.log(values.json ? JSON.stringify(report, null, 2) : formatSyncReport(report));
    return 0;
  },
};

export const billingReportUsageCommand: Command = {
  name: 'billing report-usage',
  summary: 'Report API-tier overage calls to Stripe now (the server does it every LEVQOR_USAGE_REPORT_MS)',
  help: `Usage: levqor billing report-usage [--json]

For every workspace on an API tier with a Stripe subscription, sends the overage calls of the current
(and just ended) period not yet reported, as meter events with deterministic identifiers. Running it
again, or alongside the server's own schedule, reports nothing twice. See docs/billing.md.
Options:
  --json   Print the reports as JSON`,
  async run(args) {
    const { values } = parseCommandArgs('billing report-usage', args, { json: { type: 'boolean' } }, false);
    const config = loadCliConfig();
    const stripe = await stripeOf(config);
    const database = await openDatabase(config.database);
    try {
      await migrateToLatest(database.db);
      let lines: UsageReportLine[];
      let failure: UsageReportFailure | undefined;
      try {
        lines = await new UsageReporter(database.db, { stripe, catalog: loadPlansCatalog(config.plansCatalog) }).reportAll();
      } catch (error) {
        if (!(error instanceof UsageReportFailure)) throw error;
        failure = error;
        lines = error.lines;
      }
      if (values.json) console.log(JSON.stringify(lines, null, 2));
      else if (lines.length === 0 && !failure) console.log('Nothing to report: every overage call is already reported.');
      else for (const l of lines) console.log(`${l.status} ${l.quantity} overage call(s) for workspace ${l.workspaceId}, period from ${l.periodStart} (total ${l.cumulative})`);
      if (failure) {
        console.error(failure.message);
        return 1;
      }
    } finally {
      await database.close();
    }
    return 0;
  },
};
