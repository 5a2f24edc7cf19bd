import { readFile } from 'node:fs/promises';
import { formatIssues } from '../../engine/definition/definition-issue.ts';
import { readDefinition } from '../../engine/definition/read-definition.ts';
import { StepRegistry } from '../../engine/step-registry.ts';
import { builtinSteps } from '../../steps/builtin-steps.ts';
import { CliError, parseCommandArgs, type Command } from '../command.ts';

export async function readDefinitionFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const format = /\.ya?ml$/i.test(file) ? 'yaml' : /\.json$/i.test(file) ? 'json' : undefined;
  return readDefinition(text, new StepRegistry(builtinSteps), format);
}

export const validateCommand: Command = {
  name: 'workflow validate',
  summary: 'Check a workflow definition file (JSON or YAML)',
  help: `Usage: levqor workflow validate <file>

Prints every problem with its path (e.g. steps[2].with.url: required) and exits 1 if there are any.`,
  async run(args) {
    const { positionals } = parseCommandArgs('workflow validate', args, {}, true);
    if (positionals.length !== 1) throw new CliError('give exactly one file: levqor workflow validate <file>');
    const result = await readDefinitionFile(positionals[0]);
    if (!result.ok) {
      console.error(`${positionals[0]}: ${result.errors.length} problem(s)\n${formatIssues(result.errors).map((l) => `  ${l}`).join('\n')}`);
      return 1;
    }
    console.log(`${positionals[0]}: valid (${result.definition.steps.length} steps, ${result.definition.trigger.type} trigger)`);
    return 0;
  },
};
