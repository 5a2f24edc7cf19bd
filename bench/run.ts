/**
 * `npm run bench`: webhook throughput and latency (sync and async, c = 1/10/50), durability check of
 * every accepted request, drain rate of a 20,000-run backlog, idle and loaded RSS, and time to the first
 * webhook answer — on the embedded database and on PostgreSQL. Everything targets 127.0.0.1 and stops
 * by itself. Settings: BENCH_DURATION (seconds per load, default 10), BENCH_DATABASE_URL (PostgreSQL
 * server to create a scratch database on; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_BACKLOG (default 20000), BENCH_ONLY=pglite|postgres, BENCH_SCENARIOS (comma-separated, default
 * `throughput,flood,freeze`: `flood` is one workspace flooding its webhook at 50× its rate limit while
 * another's latency is measured, bench/flood.ts; `freeze` is /healthz while one tenant runs each of the
 * expressions and loops that once froze the server, bench/freeze.ts). The throughput rounds raise the rate limits (server-process.ts).
 * The web app's budgets (initial JavaScript, dashboard first render, run-list scrolling) are measured apart by
 * `npm run bench:web` (bench/web-budgets.ts).
 */
import { cpus, totalmem } from 'node:os';
import { BENCH_BODY, benchWorkflow } from './bench-workflow.ts';
import { load, type LoadResult } from './load.ts';
import { api, startServer, type ServerProcess } from './server-process.ts';
import { openBenchDatabase, type BenchDatabase } from './bench-database.ts';
import { floodScenario } from './flood.ts';
import { freezeScenario } from './freeze.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20_000);
const CONCURRENCIES = [1, 10, 50];
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? 'throughput,flood,freeze').split(',').map((s) => s.trim()));

async function benchDatabase(kind: 'pglite' | 'postgres'): Promise<void> {
  console.log(`\n## ${kind === 'pglite' ? 'Embedded database (PGlite)' : 'PostgreSQL'}\n`);
  if (SCENARIOS.has('throughput')) await throughput(kind);
  for (const [name, scenario] of [['flood', (db: BenchDatabase) => floodScenario(db, DURATION)], ['freeze', freezeScenario]] as const) {
    if (!SCENARIOS.has(name)) continue;
    const db = await openBenchDatabase(kind);
    try {
      await scenario(db);
    } finally {
      await db.dispose();
    }
  }
}

async function throughput(kind: 'pglite' | 'postgres'): Promise<void> {
  const db = await openBenchDatabase(kind);
  try {
    const server = await startServer(['start'], db.env);
    const workflows: Record<string, string> = {};
    for (const mode of ['sync', 'async'] as const) {
      const created = await api(server.url, 'POST', '/api/v1/workflows', benchWorkflow(`bench-${mode}`, mode));
      await api(server.url, 'POST', `/api/v1/workflows/${created.id}/activate`);
      workflows[mode] = created.id;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRss = server.rssMb();
    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rssMb())), 250);
    const results: Record<string, LoadResult[]> = { sync: [], async: [] };
    console.log('| mode | connections | requests/s | p50 ms | p99 ms | accepted | errors | non-2xx |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const mode of ['sync', 'async'] as const) {
      for (const connections of CONCURRENCIES) {
        const result = await load(`${server.url}/hooks/default/bench-${mode}`, BENCH_BODY, connections, DURATION);
        results[mode].push(result);
        console.log(`| ${mode} | ${connections} | ${result.requestsPerSecond} | ${result.p50} | ${result.p99} | ${result.accepted} | ${result.errors} | ${result.non2xx} |`);
      }
    }
    clearInterval(sampler);
    // Load defers async runs rather than refusing them: the check counts them once they have run.
    const backlogStarted = performance.now();
    for (const mode of ['sync', 'async'] as const) await drainedThroughApi(server.url, workflows[mode]);
    const backlogSeconds = (performance.now() - backlogStarted) / 1000;
    if (backlogSeconds > 1) console.log(`\nbacklog left by the load rounds ran in ${backlogSeconds.toFixed(1)} s after the last round`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await server.stop();

    await db.connect();
    for (const mode of ['sync', 'async'] as const) {
      const accepted = results[mode].reduce((sum, r) => sum + r.accepted, 0);
      const check = await db.verify(workflows[mode]);
      const ok = check.total >= accepted && check.complete === check.total;
      console.log(`\n${mode}: ${accepted} requests accepted → ${check.total} runs recorded, ${check.complete} succeeded with all 3 steps recorded — ${ok ? 'OK' : 'MISSING DATA'}`);
      if (!ok) process.exitCode = 1;
    }
    console.log(`\nRSS: idle ${idleRss} MB (first start, which created the database), peak under load ${peakRss} MB`);

    await db.disconnect();
    for (const workers of kind === 'postgres' ? [1, 2] : [1]) {
      console.log(await drain(kind, db, workflows.async, workers));
    }

    const restart = await timeToFirstWebhook(db);
    console.log(`start-up: first webhook answered ${restart.firstAnswerMs} ms after process start (existing data); idle RSS after that restart ${restart.idleRss} MB`);
  } finally {
    await db.dispose();
  }
}

/**
 * Runs/s for a backlog of BACKLOG queued runs. On PostgreSQL the workers are started first and the
 * clock runs from the backlog's commit to the last run's end; the embedded database serves one
 * process, so there the backlog is written first and the clock includes the process start.
 */
async function drain(kind: 'pglite' | 'postgres', db: BenchDatabase, workflowId: string, workers: number): Promise<string> {
  const processes: ServerProcess[] = [];
  let started: number;
  if (kind === 'postgres') {
    for (let i = 0; i < workers; i++) processes.push(await startServer(['worker'], db.env));
    await db.connect();
    started = performance.now();
    await db.enqueueBacklog(workflowId, BACKLOG);
    await db.waitUntilDrained(workflowId);
    await db.disconnect();
  } else {
    await db.connect();
    await db.enqueueBacklog(workflowId, BACKLOG);
    await db.disconnect();
    started = performance.now();
    processes.push(await startServer(['start'], db.env));
    await drainedThroughApi(processes[0].url, workflowId);
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = processes.map((p) => p.rssMb());
  await Promise.all(processes.map((p) => p.stop()));
  const note = kind === 'postgres' ? 'from commit of the backlog' : 'including process start';
  return `drain: ${BACKLOG} queued runs by ${workers} worker process(es) in ${seconds.toFixed(1)} s → ${Math.round(BACKLOG / seconds)} runs/s (${note}; worker RSS ${rss.join(', ')} MB)`;
}

/** The embedded database serves one process, so its backlog is watched through the API. */
async function drainedThroughApi(url: string, workflowId: string, timeoutMs = 300_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (performance.now() > deadline) throw new Error(`runs of workflow ${workflowId} were still queued or running after ${timeoutMs / 1000} s`);
    const queued = await api(url, 'GET', `/api/v1/runs?workflowId=${workflowId}&status=queued&limit=1`);
    const running = await api(url, 'GET', `/api/v1/runs?workflowId=${workflowId}&status=running&limit=1`);
    if (queued.items.length === 0 && running.items.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Spawns a fresh process and polls the sync webhook until it answers 200. */
async function timeToFirstWebhook(db: BenchDatabase): Promise<{ firstAnswerMs: number; idleRss: number }> {
  const spawnedAt = performance.now();
  const pending = startServer(['start'], { ...db.env, PORT: '18931' });
  for (;;) {
    try {
      const response = await fetch('http://127.0.0.1:18931/hooks/default/bench-sync', { method: 'POST', body: BENCH_BODY, headers: { 'content-type': 'application/json' } });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const firstAnswerMs = Math.round(performance.now() - spawnedAt);
  const server = await pending;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleRss = server.rssMb();
  await server.stop();
  return { firstAnswerMs, idleRss };
}

console.log(`# Levqor benchmark\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${DURATION} s per load.`);
const only = process.env.BENCH_ONLY;
for (const kind of ['pglite', 'postgres'] as const) {
  if (!only || only === kind) await benchDatabase(kind);
}
