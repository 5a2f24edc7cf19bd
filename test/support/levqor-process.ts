import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/levqor.js', import.meta.url));
/** The CLI from the TypeScript sources, for tests that must run the code as it is now (not a stale dist/). */
const SOURCE_CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface LevqorProcess {
  child: ChildProcess;
  url: string | undefined;
  output(): string;
  /** Resolves when the process exits. */
  exited: Promise<number | null>;
}

/** Starts the real `levqor` CLI in a child process and waits until it reports it is up. */
export async function spawnLevqor(args: string[], env: Record<string, string>, timeoutMs = 20_000, options: { fromSource?: boolean } = {}): Promise<LevqorProcess> {
  const child = spawn(process.execPath, [options.fromSource ? SOURCE_CLI : BIN, ...args], {
    // Rate limits off unless a test sets them: suites call faster than a trial key may.
    env: { ...process.env, LEVQOR_LOG_LEVEL: 'warn', PORT: '0', LEVQOR_RATE_LIMITS: '{"enabled":false}', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string | undefined>((resolve, reject) => {
    // A process that did not come up is killed: left running, it would keep the test file from ending.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`levqor ${args.join(' ')} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const running = /running at (http:\/\/\S+)/.exec(output);
      if (running || /worker started/.test(output)) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(running?.[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`levqor ${args.join(' ')} exited with ${code} before starting:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}
