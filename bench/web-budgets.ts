/**
 * `npm run bench:web`: the web app's budgets (docs/performance.md, "Web app budgets"), measured, not asserted:
 * - the dashboard's initial JavaScript, gzipped (goal ≤ 250 KB): the scripts and module preloads index.html names;
 * - the dashboard's first render in headless Chromium with 10,000 runs in the workspace (goal ≤ 1 s): from
 *   navigation start to the runs chart drawn, the median of 5 loads with the session already signed in;
 * - scrolling the run list through all 10,000 runs (goal ≤ 5% dropped frames): the list is scrolled 200 px
 *   each animation frame while requestAnimationFrame deltas are recorded; a frame is dropped for every
 *   whole 60 Hz interval beyond the first between two callbacks.
 * Runs the built app (`npm run build` first, as the script does) on the embedded database, 127.0.0.1 only.
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { launchBrowser } from '../test/support/browser.ts';
import { SessionClient } from '../test/support/session-client.ts';
import { startTestLevqor } from '../test/support/test-levqor.ts';

const DIST = fileURLToPath(new URL('../dist/web/', import.meta.url));
const RUNS = 10_000;
const PASSWORD = 'web budgets passphrase';
const FRAME_MS = 1000 / 60;
/** Pixels scrolled per frame: 12,000 px/s, a hard fling, and 10,000 rows of 48 px in about 40 s. */
const SCROLL_PER_FRAME = 200;

function initialJavaScript(): { files: number; gzippedKb: number } {
  const html = readFileSync(`${DIST}index.html`, 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(`${DIST}${file}`)).length, 0);
  return { files: scripts.length, gzippedKb: Math.round(bytes / 102.4) / 10 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const js = initialJavaScript();
  console.log(`initial JavaScript of the dashboard: ${js.gzippedKb} KB gzipped in ${js.files} file(s) (goal ≤ 250 KB)`);

  const levqor = await startTestLevqor('pglite', { listen: true, env: { HOST: '127.0.0.1' } });
  const browser = await launchBrowser();
  try {
    const base = `http://127.0.0.1:${(levqor.server!.server.address() as { port: number }).port}`;
    const email = 'budgets@example.com';
    const session = new SessionClient(levqor.server!);
    const signup = await session.signup(email, PASSWORD, 'Budget Bakery');
    if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${JSON.stringify(signup.body)}`);
    session.workspace = signup.body.workspace.slug;
    const workspaceId = signup.body.workspace.id as string;
    const workflow = await session.request('POST', '/api/v1/workflows', { name: 'Nightly import', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });
    // Spread over 30 days so the dashboard's charts have every day to draw.
    await sql`insert into runs (id, workspace_id, workflow_id, workflow_version, status, trigger, created_at, started_at, finished_at)
      select gen_random_uuid(), ${workspaceId}::uuid, ${workflow.body.id}::uuid, 1, case when i % 10 = 0 then 'failed' else 'succeeded' end, '{}'::jsonb,
        now() - make_interval(secs => i * 259), now() - make_interval(secs => i * 259), now() - make_interval(secs => i * 259) + interval '1.5 seconds'
      from generate_series(1, ${RUNS}) as i`.execute(levqor.database.db);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Service health' }).waitFor();

    const renders: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/`, { waitUntil: 'commit' });
      await page.getByRole('img', { name: /^Runs per day/ }).waitFor({ timeout: 30_000 });
      renders.push(await page.evaluate(() => performance.now()));
    }
    console.log(`dashboard first render with ${RUNS.toLocaleString('en')} runs: median ${Math.round(median(renders))} ms (${renders.map(Math.round).join(', ')}) (goal ≤ 1,000 ms)`);

    await page.goto(`${base}/runs`);
    const list = page.getByRole('region', { name: /^Runs, / });
    await list.waitFor();
    const scroll = await list.evaluate(
      (element, { total, frameMs, perFrame }) =>
        new Promise<{ frames: number; dropped: number; ms: number; loaded: string | null; worstMs: number }>((resolve) => {
          const deltas: number[] = [];
          const started = performance.now();
          let last = started;
          const step = (now: number) => {
            deltas.push(now - last);
            last = now;
            element.scrollTop += perFrame;
            const done = element.getAttribute('aria-label') === `Runs, ${total}` && element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
            if (done || now - started > 120_000) {
              const dropped = deltas.slice(1).reduce((sum, delta) => sum + Math.max(0, Math.round(delta / frameMs) - 1), 0);
              resolve({ frames: deltas.length, dropped, ms: now - started, loaded: element.getAttribute('aria-label'), worstMs: Math.max(...deltas.slice(1)) });
            } else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      { total: RUNS, frameMs: FRAME_MS, perFrame: SCROLL_PER_FRAME },
    );
    const share = (100 * scroll.dropped) / (scroll.frames + scroll.dropped);
    console.log(
      `run list scrolled through ${scroll.loaded} in ${(scroll.ms / 1000).toFixed(1)} s: ${scroll.frames} frames drawn, ${scroll.dropped} dropped (${share.toFixed(1)}%), worst gap ${Math.round(scroll.worstMs)} ms (goal ≤ 5%)`,
    );
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, Chromium ${browser.version()}`);
  } finally {
    await browser.close();
    await levqor.close();
  }
}

await main();
