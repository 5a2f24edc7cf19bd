import { readFile } from 'node:fs/promises';
import { formatIssues } from '../../engine/definition/definition-issue.ts';
import { StepRegistry } from '../../engine/step-registry.ts';
import { formatPrice, readPack } from '../../packs/load-pack.ts';
import { builtinSteps } from '../../steps/builtin-steps.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { cliPackCatalog } from './pack-store.ts';

export const packValidateCommand: Command = {
  name: 'pack validate',
  summary: 'Check a workflow pack file (YAML, docs/packs.md)',
  help: `Usage: levqor pack validate <file>

Checks the pack's metadata, variables, tables, workflows, webhook endpoints and checksum (docs/packs.md).
Prints every problem with its path (e.g. endpoints[0].workflow: unknown workflow "x") and exits 1 if there
are any; otherwise prints a summary and exits 0.`,
  async run(args) {
    const { positionals } = parseCommandArgs('pack validate', args, {}, true);
    if (positionals.length !== 1) throw new CliError('give exactly one file: levqor pack validate <file>');
    const file = positionals[0];
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const result = readPack(text, new StepRegistry(builtinSteps));
    if (!result.ok) {
      console.error(`${file}: ${result.errors.length} problem(s)\n${formatIssues(result.errors).map((l) => `  ${l}`).join('\n')}`);
      return 1;
    }
    const { pack } = result;
    console.log(
      `${file}: valid pack ${pack.id} ${pack.version} (${pack.name})\n` +
        `  workflows: ${pack.workflows.length} (${pack.workflows.map((w) => w.id).join(', ')})\n` +
        `  tables: ${pack.tables.length}${pack.tables.length > 0 ? ` (${pack.tables.map((t) => t.name).join(', ')})` : ''}\n` +
        `  endpoints: ${pack.endpoints.length}${pack.endpoints.length > 0 ? ` (${pack.endpoints.map((e) => `${e.method} /${e.path}`).join(', ')})` : ''}\n` +
        `  variables: ${pack.variables.length}\n` +
        `  price: ${formatPrice(pack.price)}` +
        (pack.checksum ? `\n  checksum: ${pack.checksum} (matches)` : ''),
    );
    const signature = cliPackCatalog(loadCliConfig()).trust.check(text);
    if (signature.status === 'invalid') {
      console.error(`${file}: ${signature.message}`);
      return 1;
    }
    if (signature.status === 'valid') console.log(`  signature: by ${signature.publisher} (valid)`);
    else if (pack.price.amount > 0) console.log('  signature: none — a paid pack imports only signed (the pack store signs it at delivery, or "levqor pack sign")');
    return 0;
  },
};
