import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type LevqorConfig } from '../config/config.ts';

export interface Command {
  /** One or two words, e.g. `start` or `workflow validate`. */
  name: string;
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}

/** A user mistake: printed without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** `parseArgs` with errors that name the command and point to its help. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.replace(/\. To specify.*$/, '')}\nRun "levqor ${command} --help" for its options.`);
  }
}

/** The configuration from the environment; a bad value is a user mistake (exit 1, no stack trace). */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): LevqorConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 1);
    throw error;
  }
}
