import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real CLI, as users run it: `npm test` builds first, so this runs dist/ (src/ when not built). */
export const CLI_BIN = fileURLToPath(new URL('../../bin/levqor.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `levqor <args>` to completion with the given environment on top of this one; killed after 30 s. */
export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, NODE_TEST_CONTEXT: undefined, LEVQOR_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
