import { writeFile } from 'node:fs/promises';
import { StepRegistry } from '../../engine/step-registry.ts';
import { exportPack } from '../../packs/export-pack.ts';
import { builtinSteps } from '../../steps/builtin-steps.ts';
import { loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { withWorkspaceDatabase } from './workspace-database.ts';

export const packExportCommand: Command = {
  name: 'pack export',
  summary: 'Write a workspace\'s tables, workflows and endpoints as a pack',
  help: `Usage: levqor pack export --workspace SLUG [--out FILE] [--id ID] [--name NAME] [--version X.Y.Z]

Writes a pack (YAML, docs/packs.md) holding the workspace's data tables (columns, not rows), the current
definition of every workflow, an endpoint per webhook method, and the workflows' variable values as
variable defaults; secrets appear by name only. The pack validates with "levqor pack validate" and
imports ("levqor pack import") into an empty workspace to the same state.
Options:
  --workspace SLUG   Workspace to export (default: default)
  --out FILE         Write to FILE instead of standard output
  --id ID            Pack id (default: the workspace slug)
  --name NAME        Pack name (default: "<workspace name> export")
  --version X.Y.Z    Pack version (default: 1.0.0)`,
  async run(args) {
    const { values } = parseCommandArgs('pack export', args, {
      workspace: { type: 'string', default: 'default' },
      out: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'string' },
    }, false);
    const config = loadCliConfig();
    return withWorkspaceDatabase(config, values.workspace, async (db, workspace) => {
      const { text, pack } = await exportPack(db, new StepRegistry(builtinSteps), workspace.id, { id: values.id, name: values.name, version: values.version });
      if (values.out === undefined) {
        process.stdout.write(text);
        return 0;
      }
      await writeFile(values.out, text, 'utf8');
      console.error(`Wrote pack ${pack.id} ${pack.version} to ${values.out}: ${pack.workflows.length} workflow(s), ${pack.tables.length} table(s), ${pack.endpoints.length} endpoint(s).`);
      return 0;
    });
  },
};
