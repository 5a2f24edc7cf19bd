import { KEPT_REFUSALS, WebhookRefusals } from '../../store/workflows/webhook-refusals.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { withWorkspaceDatabase } from './workspace-database.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const webhookRefusalsCommand: Command = {
  name: 'workflow refusals',
  summary: "The webhook requests a workflow's verify block refused (reason, source address, time)",
  help: `Usage: levqor workflow refusals <workflow-id> [--workspace SLUG] [--json]

Prints the last ${KEPT_REFUSALS} webhook requests the workflow's trigger.verify block refused, newest
first: when, the reason (signature_mismatch, timestamp_outside_tolerance, missing_header, ip_not_allowed,
…), the header concerned and the source address. Bodies and secrets are never recorded. The API gives the
same list: GET /api/v1/workflows/<id>/webhook-refusals. See docs/workflows.md ("Verifying webhooks").
Options:
  --workspace SLUG  The workspace (default: default)
  --json            Print the list as JSON`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('workflow refusals', args, { workspace: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1 || !UUID.test(positionals[0])) throw new CliError('give one workflow id (a UUID, as GET /api/v1/workflows lists): levqor workflow refusals <workflow-id>');
    const workflowId = positionals[0];
    return withWorkspaceDatabase(loadCliConfig(), values.workspace ?? 'default', async (db, workspace) => {
      const workflow = await db.selectFrom('workflows').select('name').where('workspace_id', '=', workspace.id).where('id', '=', workflowId).executeTakeFirst();
      if (!workflow) throw new CliError(`workflow ${workflowId} was not found in workspace ${workspace.slug}`, 1);
      const items = await new WebhookRefusals(db).recent(workspace.id, workflowId);
      if (values.json) {
        console.log(JSON.stringify(items.map((r) => ({ at: r.at.toISOString(), reason: r.reason, header: r.header, method: r.method, source_ip: r.sourceIp, version: r.version })), null, 2));
        return 0;
      }
      if (items.length === 0) {
        console.log(`no refused webhook requests for "${workflow.name}"`);
        return 0;
      }
      console.log(`refused webhook requests for "${workflow.name}", newest first:`);
      for (const r of items) console.log(`  ${r.at.toISOString()}  ${r.reason}${r.header ? ` (${r.header})` : ''}  ${r.method} from ${r.sourceIp}  v${r.version}`);
      return 0;
    }, 'GET /api/v1/workflows/<id>/webhook-refusals');
  },
};
