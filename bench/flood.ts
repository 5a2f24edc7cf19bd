import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { BENCH_BODY, benchWorkflow } from './bench-workflow.ts';
import type { BenchDatabase } from './bench-database.ts';
import { api, startServer } from './server-process.ts';

/** Webhooks one workspace may receive per minute in this scenario; the flooder sends 50× that. */
const LIMIT_PER_MINUTE = 1200;
const FLOOD_FACTOR = 50;
/** The quiet workspace stays under its own limit (15/s = 900 per minute). */
const QUIET_RATE = 15;

interface Measured {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  limited: number;
  other: number;
  otherKinds: string[];
}

async function drive(url: string, rate: number, connections: number, seconds: number): Promise<Measured> {
  let limited = 0;
  let ok = 0;
  let other = 0;
  const statuses = new Map<number, number>();
  const instance = autocannon({ url, method: 'POST', body: BENCH_BODY, headers: { 'content-type': 'application/json' }, connections, duration: seconds, overallRate: rate });
  instance.on('response', (_client, status) => {
    if (status === 429) limited++;
    else if (status >= 200 && status < 300) ok++;
    else {
      other++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  const result = await instance;
  const otherKinds = [...statuses].map(([status, n]) => `${n}× ${status}`);
  if (result.errors + result.timeouts > 0) otherKinds.push(`${result.errors + result.timeouts} errors/timeouts`);
  return { rate: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, ok, limited, other: other + result.errors + result.timeouts, otherKinds };
}

/** A second workspace with the bench workflow, made through the public sign-up and its session. */
async function quietWorkspace(url: string): Promise<string> {
  const signup = await fetch(`${url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `quiet-${randomBytes(4).toString('hex')}@bench.example`, password: 'bench password 123', workspaceName: 'Quiet' }),
  });
  if (signup.status !== 201) throw new Error(`sign-up → ${signup.status}: ${await signup.text()}`);
  const body = (await signup.json()) as { workspace: { slug: string }; csrfToken: string };
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': body.csrfToken, 'levqor-workspace': body.workspace.slug };
  const created = await fetch(`${url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(benchWorkflow('quiet', 'sync')) });
  const workflow = (await created.json()) as { id: string };
  const activated = await fetch(`${url}/api/v1/workflows/${workflow.id}/activate`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '' });
  if (!activated.ok) throw new Error(`activate → ${activated.status}: ${await activated.text()}`);
  return body.workspace.slug;
}

/**
 * One workspace floods its sync webhook at 50× its per-minute limit while another workspace's webhook
 * is driven at a steady rate under its own limit; the quiet workspace's latency is compared with a run
 * without the flood. The scenario measures the per-workspace limit, which does not move with the load.
 */
export async function floodScenario(db: BenchDatabase, seconds: number): Promise<void> {
  const limits = { webhooks: { perWorkspace: LIMIT_PER_MINUTE, perIp: 100_000_000 }, publicPerIp: 1000 };
  const server = await startServer(['start'], { ...db.env, LEVQOR_RATE_LIMITS: JSON.stringify(limits) });
  try {
    const flood = await api(server.url, 'POST', '/api/v1/workflows', benchWorkflow('flood', 'sync'));
    await api(server.url, 'POST', `/api/v1/workflows/${flood.id}/activate`);
    // Two quiet workspaces, each starting its minute window fresh: one for the baseline, one during the flood.
    const quietUrls = [await quietWorkspace(server.url), await quietWorkspace(server.url)].map((slug) => `${server.url}/hooks/${slug}/quiet`);
    const floodRate = Math.round((LIMIT_PER_MINUTE / 60) * FLOOD_FACTOR);

    const baseline = await drive(quietUrls[0], QUIET_RATE, 4, seconds);
    const [quiet, flooder] = await Promise.all([drive(quietUrls[1], QUIET_RATE, 4, seconds), drive(`${server.url}/hooks/default/flood`, floodRate, 50, seconds)]);
    const ready = await (await fetch(`${server.url}/readyz`)).json();

    console.log(`\n### Flood: one workspace at ${FLOOD_FACTOR}× its webhook limit (${LIMIT_PER_MINUTE}/min), another at ${QUIET_RATE}/s\n`);
    console.log('| | requests/s | p50 ms | p99 ms | 2xx | 429 | other |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(`| quiet workspace alone | ${baseline.rate} | ${baseline.p50} | ${baseline.p99} | ${baseline.ok} | ${baseline.limited} | ${baseline.other} |`);
    console.log(`| quiet workspace during the flood | ${quiet.rate} | ${quiet.p50} | ${quiet.p99} | ${quiet.ok} | ${quiet.limited} | ${quiet.other} |`);
    console.log(`| flooding workspace (target ${floodRate}/s) | ${flooder.rate} | ${flooder.p50} | ${flooder.p99} | ${flooder.ok} | ${flooder.limited} | ${flooder.other} |`);
    const answered = flooder.ok + flooder.limited;
    console.log(`\nflooder: ${answered ? ((100 * flooder.limited) / answered).toFixed(1) : 0}% answered 429; load tier after the flood: ${ready.load?.tier ?? 'unknown'}`);
    for (const [name, m] of [['quiet alone', baseline], ['quiet during the flood', quiet], ['flooder', flooder]] as const) {
      if (m.otherKinds.length) console.log(`${name}: other answers ${m.otherKinds.join(', ')}`);
    }
    if (quiet.limited > 0 || quiet.other > 0) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}
