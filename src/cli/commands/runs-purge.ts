import { loadPlansCatalog } from '../../billing/plans.ts';
import { RetentionPurger, type WorkspacePurge } from '../../metering/retention.ts';
import { loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { openCliDatabase } from './workspace-database.ts';

function formatPurges(purges: WorkspacePurge[], dryRun: boolean): string {
  if (purges.length === 0) return 'Nothing to delete: no workspace has runs older than its plan keeps.';
  const verb = dryRun ? 'would delete' : 'deleted';
  const lines = purges.map((p) =>
    `workspace ${p.slug} (${p.planId}, keeps ${p.retentionDays} days): ${verb} ${p.runs.toLocaleString('en-US')} run(s) ended before ${p.cutoff.toISOString()}${p.more ? '; more remain, deleted by the next round' : ''}`);
  const total = purges.reduce((sum, p) => sum + p.runs, 0);
  lines.push(`${dryRun ? 'Would delete' : 'Deleted'} ${total.toLocaleString('en-US')} run(s) in ${purges.length} workspace(s)${dryRun ? '; nothing was deleted' : ''}.`);
  return lines.join('\n');
}

export const runsPurgeCommand: Command = {
  name: 'runs purge',
  summary: "Delete run history older than each workspace's plan keeps, now (the server does it every LEVQOR_RETENTION_MS)",
  help: `Usage: levqor runs purge [--dry-run] [--json]

Runs one retention round now: in every workspace, deletes the runs that ended (succeeded, failed,
cancelled) longer ago than its plan's retentionDays (plans catalog; the trial keeps the first plan's,
API tiers the longest plan's), with their steps. Queued, running, waiting and held runs are kept. Usage
numbers (GET /api/v1/usage and /usage/history) do not change: what the deleted runs counted is kept per
day. A round deletes at most 10 batches of 1,000 runs per workspace; run it again, or let the server's
rounds, delete the rest. Safe alongside running servers. See docs/metering.md ("Retention").
Options:
  --dry-run  Print how many runs each workspace would lose; delete nothing
  --json     Print the result as JSON`,
  async run(args) {
    const { values } = parseCommandArgs('runs purge', args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, false);
    const config = loadCliConfig();
    const dryRun = values['dry-run'] === true;
    const database = await openCliDatabase(config, { whenLocked: 'stop it first; a running server purges every LEVQOR_RETENTION_MS on its own' });
    try {
      const purger = new RetentionPurger({ db: database.db, catalog: loadPlansCatalog(config.plansCatalog), intervalMs: 0 });
      const purges = dryRun ? await purger.dryRun() : await purger.purge();
      console.log(values.json ? JSON.stringify({ dryRun, workspaces: purges }, null, 2) : formatPurges(purges, dryRun));
      return 0;
    } finally {
      await database.close();
    }
  },
};
