import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchCatalogFile } from './bench-catalog.ts';

const BIN = fileURLToPath(new URL('../bin/levqor.js', import.meta.url));
export const BENCH_KEY = 'lvq_live_bench_key_0123456789abcdefghijkl';
/** Quotas far above what the rounds use, so every run and call is still checked (bench-catalog.ts). */
const BENCH_CATALOG = benchCatalogFile();
/**
 * The throughput rounds drive one trial workspace from one IP far past the default limits: they raise
 * them (the limiter still runs, so its cost is in the figures).
 */
const HIGH = 1_000_000_000;
export const BENCH_RATE_LIMITS = JSON.stringify({
  classes: { global: [HIGH, HIGH, HIGH, HIGH] },
  keyByPlan: { trial: HIGH },
  publicPerIp: HIGH,
  webhooks: { perWorkspace: HIGH, perIp: HIGH },
});

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn until the process printed its URL. */
  startedInMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startServer(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LEVQOR_LOG_LEVEL: 'error', LEVQOR_BOOTSTRAP_API_KEY: BENCH_KEY, PORT: '0', LEVQOR_RATE_LIMITS: BENCH_RATE_LIMITS, LEVQOR_PLANS_CATALOG: BENCH_CATALOG,
      // The figures include the trial's quota checks, as measured before the self-hosted plan existed.
      LEVQOR_DEFAULT_WORKSPACE_PLAN: 'trial', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)|worker started/.exec(output);
      if (match) resolve((match[1] ?? '').replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`levqor ${args[0]} exited with ${code}: ${output}`)));
  });
  return {
    child,
    url,
    startedInMs: performance.now() - spawnedAt,
    rssMb: () => rssOf(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident set size of a process, from /proc. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export async function api(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
