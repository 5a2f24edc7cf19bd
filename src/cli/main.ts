import { CliError, type Command } from './command.ts';
import { billingReportUsageCommand, billingSyncStripeCommand } from './commands/billing.ts';
import { migrateCommand } from './commands/migrate.ts';
import { packValidateCommand } from './commands/pack.ts';
import { packExportCommand } from './commands/pack-export.ts';
import { packKeygenCommand, packSignCommand } from './commands/pack-sign.ts';
import { packImportCommand } from './commands/pack-import.ts';
import { packGrantCommand, packReportCommand } from './commands/pack-store.ts';
import { runCommand } from './commands/run.ts';
import { runsPurgeCommand } from './commands/runs-purge.ts';
import { rotateMasterKeyCommand } from './commands/secrets.ts';
import { startCommand, workerCommand } from './commands/start.ts';
import { usageCommand } from './commands/usage.ts';
import { billingSetPlanCommand } from './commands/billing-set-plan.ts';
import { validateCommand } from './commands/validate.ts';
import { webhookRefusalsCommand } from './commands/webhook-refusals.ts';

const COMMANDS: Command[] = [startCommand, workerCommand, runCommand, validateCommand, packValidateCommand, packImportCommand, packExportCommand, packKeygenCommand, packSignCommand, packGrantCommand, packReportCommand, usageCommand, runsPurgeCommand, migrateCommand, rotateMasterKeyCommand, billingSyncStripeCommand, billingReportUsageCommand, billingSetPlanCommand, webhookRefusalsCommand];

function usage(): string {
  const width = Math.max(20, ...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  levqor ${c.name.padEnd(width)} ${c.summary}`);
  return `Usage: levqor <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "levqor <command> --help" for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    console.error(`levqor: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${usage()}`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) console.error(`levqor: ${error.message}`);
    else console.error(error);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  },
);
