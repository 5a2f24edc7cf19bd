import { loadPlansCatalog } from '../../billing/plans.ts';
import { PlanLimits } from '../../metering/plan-limits.ts';
import { upgradeHint } from '../../metering/quota-limits.ts';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { StepRegistry } from '../../engine/step-registry.ts';
import { fetchPackText } from '../../packs/import/fetch-pack.ts';
import { describePlan } from '../../packs/import/import-plan.ts';
import { importPack } from '../../packs/import/import-pack.ts';
import { cliPackCatalog } from './pack-store.ts';
import { parseSetOptions } from '../../packs/import/import-variables.ts';
import { httpHeadProbe, probeEndpoints } from '../../packs/import/probe-endpoints.ts';
import { Refusal } from '../../contracts/refusal.ts';
import { builtinSteps } from '../../steps/builtin-steps.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { cliMasterKey, cliSecretStore, readSecretOptions } from './secret-options.ts';
import { cliErrorOf, withWorkspaceDatabase } from './workspace-database.ts';

export const packImportCommand: Command = {
  name: 'pack import',
  summary: 'Import a pack (file or https URL) into a workspace, all or nothing',
  help: `Usage: levqor pack import <file|url> [--workspace SLUG] [--set NAME=VALUE]… [--dry-run] [--activate]
                          [--secret NAME=@FILE|NAME=env:VAR]… [--overwrite-secrets]
                          [--url SERVER] [--no-probe] [--allow-http-localhost]

Prints the plan (tables to create or extend, workflows to create or update, endpoints with their URLs),
then applies it in one database transaction with a line per table and workflow, and checks the result:
every stored workflow re-validated, and (for active workflows) every endpoint probed on the running
server with HEAD /hooks/<workspace>/<path>. Paid packs need an entitlement (docs/packs.md). While
levqor start runs on the embedded database, this goes through its admin channel.
Options:
  --workspace SLUG         Target workspace (default: default)
  --set NAME=VALUE         A variable's value (repeatable); required variables must be given
  --secret NAME=@FILE      A secret the workflows read, from a file (one trailing newline dropped), or
  --secret NAME=env:VAR    from an environment variable (repeatable); set in the import's transaction.
                           A value typed on the command line is refused (shell history, process lists).
                           Needs the master key, found as "levqor start" finds it
  --overwrite-secrets      Replace secrets the workspace already has (otherwise they are kept)
  --dry-run                Print the plan only; change nothing
  --activate               Activate the imported workflows (endpoints answer only when active)
  --url SERVER             Server to probe endpoints on (default: LEVQOR_PUBLIC_URL, else http://127.0.0.1:PORT)
  --no-probe               Do not probe endpoints
  --allow-http-localhost   Allow an http:// URL on localhost/127.0.0.1/[::1] (otherwise https only)
Exit status: 0 imported and checked, 1 refused or a check failed (the import itself is then kept), 2 usage.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('pack import', args, {
      workspace: { type: 'string', default: 'default' },
      set: { type: 'string', multiple: true, default: [] },
      secret: { type: 'string', multiple: true, default: [] },
      'overwrite-secrets': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      activate: { type: 'boolean', default: false },
      url: { type: 'string' },
      'no-probe': { type: 'boolean', default: false },
      'allow-http-localhost': { type: 'boolean', default: false },
    }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one pack file or URL: levqor pack import <file|url>');
    const config = loadCliConfig();
    const secrets = await readSecretOptions(values.secret);
    const master = Object.keys(secrets).length > 0 ? cliMasterKey(config) : undefined;
    const source = positionals[0];
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
    let text: string;
    try {
      text = isUrl ? await fetchPackText(source, { outboundAllow: config.outbound.allow, allowHttpLocalhost: values['allow-http-localhost'] || config.packImport.allowHttpLocalhost }) : await readPackFileText(source);
    } catch (error) {
      if (error instanceof Refusal) throw cliErrorOf(error);
      throw error;
    }
    const serverUrl = (values.url ?? config.http.publicUrl ?? `http://127.0.0.1:${config.http.port}`).replace(/\/+$/, '');
    const dryRun = values['dry-run'];

    return withWorkspaceDatabase(config, values.workspace, async (db, workspace) => {
      const result = await importPack(db, new StepRegistry(builtinSteps), {
        workspace: { id: workspace.id, slug: workspace.slug },
        text,
        source: isUrl ? source : `file:${basename(source)}`,
        identity: cliPackCatalog(config),
        variables: (pack) => parseSetOptions(values.set, pack),
        activate: values.activate,
        dryRun,
        secrets,
        overwriteSecrets: values['overwrite-secrets'],
        secretStore: master && (await cliSecretStore(db, master)),
        publicUrl: serverUrl,
        actor: `cli:${userInfo().username}`,
        limits: new PlanLimits(loadPlansCatalog(config.plansCatalog), config.quotas.planLimits, upgradeHint(!config.stripe.secretKey)),
        onPlan: (plan) => console.log(`Plan: ${describePlan(plan).join('\n')}`),
        onProgress: (p) => console.log(`[${p.index}/${p.total}] ${p.kind} ${p.name} … ${p.outcome}`),
      });
      const missing = result.plan.secrets.filter((s) => s.status === 'missing').map((s) => s.name);
      if (missing.length > 0) console.error(`Warning: secrets missing (runs that read them fail until created): ${missing.join(', ')}; give them with --secret NAME=@FILE or PUT /api/v1/secrets/<name>.`);
      if (dryRun) {
        console.log('Dry run: nothing was changed.');
        return 0;
      }
      console.log(`Imported ${result.plan.pack.id} ${result.plan.pack.version} into "${workspace.slug}" (import ${result.importId}).`);
      let failed = 0;
      for (const c of result.checks) {
        console.log(`  ${c.valid ? '✔' : '✘'} workflow ${c.id} v${c.version} (${c.workflowId}) ${c.valid ? 'valid' : `invalid: ${c.errors.join('; ')}`}`);
        if (!c.valid) failed++;
      }
      if (values['no-probe']) {
        if (result.plan.endpoints.length > 0) console.log('  – endpoints not probed (--no-probe)');
      } else {
        for (const e of await probeEndpoints(result.plan, httpHeadProbe(serverUrl))) {
          const mark = e.result === 'reachable' ? '✔' : e.result === 'skipped' ? '–' : '✘';
          console.log(`  ${mark} endpoint ${e.method} ${e.url}: ${e.result} (${e.detail})`);
          if (e.result !== 'reachable' && e.result !== 'skipped') failed++;
        }
      }
      if (failed > 0) console.error(`${failed} check(s) failed; the import itself is complete.`);
      return failed > 0 ? 1 : 0;
    });
  },
};

async function readPackFileText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
