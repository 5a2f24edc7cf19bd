import type { BenchDatabase } from './bench-database.ts';
import { api, startServer } from './server-process.ts';

/**
 * The three ways one tenant once froze the server — a backtracking regex, a JSONata date picture, a
 * loop of 1000 in a loop of 1000 — run against a server with the default run budget while another
 * process polls /healthz. Goal: every health answer under 100 ms while any of them runs.
 */
const REGEX = '$match($pad("", 200, "a"), /(?=a)a*a*a*a*b/)';
const DATE_PICTURE = '$toMillis($join($map([1..60], function($i){"one"}), " ") & "x", "[Yw][Mw][Dw][Hw][mw]")';

function syncExpression(path: string, source: string) {
  return {
    name: `freeze ${path}`,
    trigger: { type: 'webhook', path, respond: 'sync' },
    steps: [
      { id: 'compute', type: 'transform', with: { set: { v: `{{ ${source} }}` } } },
      { id: 'reply', type: 'respond', with: { status: 200, body: '{{ steps.compute }}' } },
    ],
  };
}

const NESTED_LOOPS = {
  name: 'freeze loops',
  trigger: { type: 'webhook', path: 'freeze-loops' },
  steps: [
    {
      id: 'outer',
      type: 'for-each',
      with: {
        items: '{{ [1..1000] }}',
        concurrency: 50,
        steps: [{ id: 'inner', type: 'for-each', with: { items: '{{ [1..1000] }}', concurrency: 50, steps: [{ id: 'cell', type: 'transform', with: { set: { v: '{{ item * 2 }}' } } }] } }],
      },
    },
  ],
};

interface HealthFigures {
  answers: number;
  p50: number;
  p99: number;
  max: number;
}

/** Polls /healthz (one request at a time, 10 ms apart) until `work` settles. */
async function healthWhile(url: string, work: () => Promise<unknown>): Promise<HealthFigures> {
  const times: number[] = [];
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${url}/healthz`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`/healthz → ${response.status}`);
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await poll;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  return { answers: times.length, p50: at(0.5), p99: at(0.99), max: Math.round(times.at(-1) ?? 0) };
}

async function runOf(url: string, workflowId: string): Promise<{ status: string; error?: { code: string } }> {
  for (;;) {
    const page = await api(url, 'GET', `/api/v1/runs?workflowId=${workflowId}&limit=1`);
    const run = page.items[0];
    if (run && ['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function freezeScenario(db: BenchDatabase): Promise<void> {
  const server = await startServer(['start'], db.env);
  try {
    const activate = async (definition: unknown) => {
      const created = await api(server.url, 'POST', '/api/v1/workflows', definition);
      await api(server.url, 'POST', `/api/v1/workflows/${created.id}/activate`);
      return created.id as string;
    };
    const cases: [string, () => Promise<string>][] = [];
    for (const [name, source] of [['backtracking regex (sync webhook)', REGEX], ['date picture (sync webhook)', DATE_PICTURE]] as const) {
      const path = `freeze-${cases.length}`;
      await activate(syncExpression(path, source));
      cases.push([name, async () => {
        const response = await fetch(`${server.url}/hooks/default/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        const body = (await response.json()) as { error?: { code: string } };
        return `${response.status} ${body.error?.code ?? ''}`.trim();
      }]);
    }
    const loops = await activate(NESTED_LOOPS);
    cases.push(['loop of 1000 in a loop of 1000 (default run budget)', async () => {
      await fetch(`${server.url}/hooks/default/freeze-loops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const run = await runOf(server.url, loops);
      return `${run.status} ${run.error?.code ?? ''}`.trim();
    }]);

    console.log('\n/healthz from another process while one tenant runs each freeze (goal: every answer < 100 ms):\n');
    console.log('| while | outcome | seconds | answers | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|---|---|');
    const idle = await healthWhile(server.url, () => new Promise((resolve) => setTimeout(resolve, 2000)));
    console.log(`| nothing (idle) | | 2.0 | ${idle.answers} | ${idle.p50} | ${idle.p99} | ${idle.max} |`);
    for (const [name, work] of cases) {
      let outcome = '';
      const started = performance.now();
      const figures = await healthWhile(server.url, async () => (outcome = await work()));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`| ${name} | ${outcome} | ${seconds} | ${figures.answers} | ${figures.p50} | ${figures.p99} | ${figures.max} |`);
    }
  } finally {
    await server.stop();
  }
}
