import { loadPlansCatalog, planIds } from '../../billing/plans.ts';
import { AuditLog } from '../../store/audit/audit-log.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { withWorkspaceDatabase } from './workspace-database.ts';

export const billingSetPlanCommand: Command = {
  name: 'billing set-plan',
  summary: "Put a workspace on a plan or API tier by hand (self-hosting without Stripe, support)",
  help: `Usage: levqor billing set-plan <plan-id> --workspace SLUG [--force]

Sets the plan of a workspace without Stripe: its quotas, limits, rate limits and retention follow the
plan from then on (a running server sees it within a minute). Plan ids are those of GET /api/v1/plans
(plans, API tiers), "trial", or "self_hosted" (no quotas or limits: the operator's own workspaces). The period anchor is kept, so usage counted this period stays.
A workspace whose plan comes from a Stripe subscription is refused unless --force: the next
subscription webhook would set it back. Recorded in the audit log (billing.plan_set).
While levqor start runs on the embedded database, this goes through its admin channel.
Options:
  --workspace SLUG  The workspace (required)
  --force           Also for a workspace with a Stripe subscription`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('billing set-plan', args, { workspace: { type: 'string' }, force: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one plan id: levqor billing set-plan <plan-id> --workspace <slug>');
    if (!values.workspace) throw new CliError('--workspace <slug> is required');
    const config = loadCliConfig();
    const catalog = loadPlansCatalog(config.plansCatalog);
    const planId = positionals[0];
    const valid = planIds(catalog);
    if (!valid.includes(planId)) throw new CliError(`plan "${planId}" is not in the plans catalog; use one of: ${valid.join(', ')}`);
    return withWorkspaceDatabase(config, values.workspace, async (db, workspace) => {
      return db.transaction().execute(async (tx) => {
        const current = await tx.selectFrom('workspace_billing').select(['plan_id', 'stripe_subscription_id']).where('workspace_id', '=', workspace.id).forUpdate().executeTakeFirst();
        if (current?.stripe_subscription_id && !values.force) {
          throw new CliError(`workspace "${workspace.slug}" is billed by Stripe subscription ${current.stripe_subscription_id} (plan "${current.plan_id}"); change the plan in the customer portal, or pass --force (the next subscription webhook sets it back)`, 1);
        }
        const from = current?.plan_id ?? 'trial';
        if (from === planId) {
          console.log(`workspace ${workspace.slug} is already on "${planId}"; nothing changed`);
          return 0;
        }
        await tx.insertInto('workspace_billing').values({ workspace_id: workspace.id, plan_id: planId })
          .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ plan_id: planId })).execute();
        await new AuditLog(tx).record({
          workspaceId: workspace.id,
          actor: { type: 'system', id: null, label: `cli:${process.env.USER ?? 'operator'}`, ip: null, userAgent: null },
          action: 'billing.plan_set',
          target: { type: 'workspace', id: workspace.id },
          details: { from, to: planId },
        });
        console.log(`workspace ${workspace.slug}: plan "${from}" → "${planId}" (a running server applies it within a minute)`);
        return 0;
      });
    }, null);
  },
};
