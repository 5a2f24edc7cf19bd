import { parseArgs, type ParseArgsConfig } from 'node:util';

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
