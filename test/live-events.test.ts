import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { ApiKeyStore } from '../src/store/workspaces/api-key-store.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { openEventStream, type StreamedEvent } from './support/event-stream.ts';
import { spawnLevqor } from './support/levqor-process.ts';
import { SessionClient } from './support/session-client.ts';
import { LiveEvents, MAX_PAYLOAD_BYTES, type LiveTransport } from '../src/live/live-events.ts';
import type { LiveEvent } from '../src/live/live-event.ts';
import { postgresChannel } from '../src/live/postgres-channel.ts';
import { redisChannel } from '../src/live/redis-channel.ts';
import { startLocalHttp } from './support/local-http.ts';
import { TEST_API_KEY, TEST_MASTER_KEY, startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * GET /api/v1/events: run and step changes as server-sent events, from this process or a separate
 * `levqor worker`, through PostgreSQL NOTIFY or Redis pub/sub (TEST_REDIS_URL), scoped to the workspace.
 */

const redisUrls: (string | undefined)[] = process.env.TEST_REDIS_URL ? [undefined, process.env.TEST_REDIS_URL] : [undefined];

const workflow = (base: string) => ({
  name: 'live events',
  trigger: { type: 'manual' },
  steps: [
    { id: 'prepare', type: 'transform', with: { set: { token: 'not-for-the-stream' } } },
    { id: 'call', type: 'http', with: { method: 'POST', url: `${base}/call` } },
    { id: 'finish', type: 'transform', with: { set: { done: true } } },
  ],
});

/** The events of one run as `name:step`, in arrival order. */
const trail = (events: StreamedEvent[], runId: string) => events.filter((e) => e.data.runId === runId).map((e) => (e.data.stepId ? `${e.event}:${e.data.stepId}` : e.event));
const ended = (runId: string) => (events: StreamedEvent[]) => events.some((e) => e.data.runId === runId && /^run\.(succeeded|failed|cancelled)$/.test(e.event));

const STEPS = ['step.succeeded:prepare', 'step.started:call', 'step.succeeded:call', 'step.succeeded:finish', 'run.succeeded'];

for (const kind of databaseKinds()) {
  for (const redisUrl of kind === 'postgres' ? redisUrls : [undefined]) {
    const transport = redisUrl ? 'Redis' : kind === 'postgres' ? 'NOTIFY' : 'in process';
    describe(`live events on ${kind} (${transport})`, () => {
      const prefix = `levqor-test:${randomBytes(6).toString('hex')}:`;
      const env: Record<string, string> = { LEVQOR_EVENT_STREAMS_PER_WORKSPACE: '3', LEVQOR_EVENT_HEARTBEAT_MS: '300', LEVQOR_REDIS_PREFIX: prefix, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
      let levqor: TestLevqor;
      let base: string;
      let service: Awaited<ReturnType<typeof startLocalHttp>>;
      let otherKey: string;
      let readKey: string;
      const cleanups: (() => unknown)[] = [];
      const stream = async (headers: Record<string, string> = { authorization: `Bearer ${TEST_API_KEY}` }, query = '') => {
        const opened = await openEventStream(`${base}/api/v1/events${query}`, headers);
        cleanups.push(() => opened.close());
        return opened;
      };
      const startRun = async (workflowId: string) => {
        const started = await levqor.api('POST', `/api/v1/workflows/${workflowId}/run`, {});
        assert.equal(started.status, 202, JSON.stringify(started.body));
        return started.body.runId as string;
      };

      before(async () => {
        service = await startLocalHttp(async (_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end('{"ok":true}');
        });
        levqor = await startTestLevqor(kind, { env, listen: true });
        const address = levqor.server!.addresses()[0] as AddressInfo;
        base = `http://127.0.0.1:${address.port}`;
        const db = levqor.database.db;
        const keys = new ApiKeyStore(db);
        const other = await levqor.workspaces.create(db, { name: 'Other Co', kind: 'standard', parentId: null, owner: null });
        otherKey = (await keys.create(other.id, { name: 'other', scopes: ['admin'], expiresAt: null, createdBy: null })).key;
        const mine = await db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow();
        readKey = (await keys.create(mine.id, { name: 'reader', scopes: ['read'], expiresAt: null, createdBy: null })).key;
      });
      after(async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
        await levqor?.close();
        await service?.close();
      });

      test('a run executed here arrives in order, once, without step data; another workspace hears nothing', async () => {
        const created = await levqor.api('POST', '/api/v1/workflows', workflow(service.url));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const mine = await stream({ authorization: `Bearer ${readKey}` });
        assert.equal(mine.status, 200);
        assert.match(mine.headers.get('content-type') ?? '', /^text\/event-stream/);
        assert.equal(mine.headers.get('cache-control'), 'no-store');
        const theirs = await stream({ authorization: `Bearer ${otherKey}` });
        await Promise.all([mine.waitFor('ready', (e) => e[0]?.event === 'ready'), theirs.waitFor('ready', (e) => e[0]?.event === 'ready')]);
        assert.match(mine.text(), /^retry: \d+\n/);

        const runId = await startRun(created.body.id);
        const events = await mine.waitFor('the run to end', ended(runId));
        assert.deepEqual(trail(events, runId), ['run.started', ...STEPS]);
        const call = events.find((e) => e.event === 'step.succeeded' && e.data.stepId === 'call')!;
        assert.deepEqual(call.data, { runId, workflowId: created.body.id, status: 'succeeded', stepId: 'call', key: 'call', attempt: 1 });
        assert.doesNotMatch(mine.text(), /not-for-the-stream|"ok"/);
        // Heartbeats keep the connection alive (every 300 ms here).
        await mine.waitFor('a heartbeat', () => mine.comments() >= 1, 3000);
        assert.deepEqual(theirs.events.map((e) => e.event), ['ready']);
      });

      test('cancelling a queued run and retrying it are told too', async () => {
        const created = await levqor.api('POST', '/api/v1/workflows', { name: 'waits', trigger: { type: 'manual' }, steps: [{ id: 'pause', type: 'delay', with: { for: '1h' } }] });
        const mine = await stream();
        await mine.waitFor('ready', (e) => e[0]?.event === 'ready');
        const runId = await startRun(created.body.id);
        await mine.waitFor('the run to wait', (e) => trail(e, runId).includes('run.waiting'));
        assert.equal((await levqor.api('POST', `/api/v1/runs/${runId}/cancel`)).status, 202);
        await mine.waitFor('the cancel', (e) => trail(e, runId).includes('run.cancelled'));
        assert.equal((await levqor.api('POST', `/api/v1/runs/${runId}/retry`)).status, 202);
        // The delay's record was kept when the run parked, so the retried run goes straight on to its end.
        const events = await mine.waitFor('the retried run to end', (e) => trail(e, runId).includes('run.succeeded'));
        assert.deepEqual(trail(events, runId), ['run.started', 'step.succeeded:pause', 'run.waiting', 'run.cancelled', 'run.queued', 'run.started', 'run.succeeded']);
      });

      test('without credentials 401; a session names its workspace in the query; past the limit 429', async () => {
        const anonymous = await fetch(`${base}/api/v1/events`);
        assert.equal(anonymous.status, 401);
        assert.equal((await anonymous.json()).error.code, 'unauthorized');
        const wrong = await fetch(`${base}/api/v1/events?workspace=someone-else`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
        assert.equal(wrong.status, 403);
        assert.equal((await wrong.json()).error.code, 'wrong_workspace');
        for (const s of cleanups.splice(0)) s();
        await new Promise((resolve) => setTimeout(resolve, 200));
        const open = [await stream(), await stream(), await stream()];
        const refused = await fetch(`${base}/api/v1/events`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
        assert.equal(refused.status, 429);
        assert.equal(refused.headers.get('retry-after'), '30');
        const body = await refused.json();
        assert.equal(body.error.code, 'too_many_streams');
        assert.match(body.error.message, /already has 3 open event streams .*LEVQOR_EVENT_STREAMS_PER_WORKSPACE/);
        // The other workspace has its own allowance, and a closed stream frees its place.
        assert.equal((await stream({ authorization: `Bearer ${otherKey}` })).status, 200);
        open[0].close();
        const again = await waitForStatus(`${base}/api/v1/events`, 200);
        again.close();
      });

      test('a browser session (cookie, workspace in the query) gets its own workspace\'s events only', async () => {
        const session = new SessionClient(levqor.server!);
        const signup = await session.signup(`live-${randomBytes(4).toString('hex')}@example.com`, 'live events passphrase', 'Stream Co');
        assert.equal(signup.status, 201, JSON.stringify(signup.body));
        const slug = signup.body.workspace.slug as string;
        const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const theirs = await stream({ cookie }, `?workspace=${slug}`);
        assert.equal(theirs.status, 200);
        await theirs.waitFor('ready', (e) => e[0]?.event === 'ready');
        const elsewhere = await fetch(`${base}/api/v1/events?workspace=default`, { headers: { cookie } });
        assert.equal(elsewhere.status, 404);
        assert.equal((await elsewhere.json()).error.code, 'workspace_not_found');
        session.workspace = slug;
        const created = await session.request('POST', '/api/v1/workflows', { name: 'mine', trigger: { type: 'manual' }, steps: [{ id: 'only', type: 'transform' }] });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const runId = (await session.request('POST', `/api/v1/workflows/${created.body.id}/run`, {})).body.runId as string;
        const events = await theirs.waitFor('the session\'s run to end', ended(runId));
        assert.deepEqual(trail(events, runId), ['run.started', 'step.succeeded:only', 'run.succeeded']);
        // The default workspace's run is not this stream's business.
        const other = await levqor.api('POST', '/api/v1/workflows', { name: 'not theirs', trigger: { type: 'manual' }, steps: [{ id: 'x', type: 'transform' }] });
        const otherRun = await startRun(other.body.id);
        await levqor.waitForRun(otherRun);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(theirs.events.some((e) => e.data.runId === otherRun), false);
      });

      if (kind === 'postgres') {
        test('a burst of events goes out in few sends of payloads the transport accepts, and arrives complete and in order', async () => {
          const url = (levqor.db.target as { url: string }).url;
          const counted = (transport: LiveTransport) => {
            const sends: number[][] = [];
            return {
              sends,
              transport: { ...transport, kind: transport.kind, send: (payloads: readonly string[]) => (sends.push(payloads.map((p) => Buffer.byteLength(p))), transport.send(payloads)) } as LiveTransport,
            };
          };
          const { Redis } = await import('ioredis');
          const redis = redisUrl ? new Redis(redisUrl) : undefined;
          const channel = `${prefix}burst`;
          const make = () => (redis ? redisChannel(redis, channel) : postgresChannel(levqor.database.db, url, () => {}));
          const sender = counted(make());
          const publisher = new LiveEvents({ transport: sender.transport });
          const receiver = new LiveEvents({ transport: make() });
          await receiver.listen();
          const received: LiveEvent[] = [];
          const workspaceId = '00000000-0000-4000-8000-000000000001';
          receiver.subscribe(workspaceId, (m) => m.kind === 'event' && received.push(m.event));
          const burst: LiveEvent[] = Array.from({ length: 600 }, (_, i) => ({
            workspaceId, runId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, workflowId: '00000000-0000-4000-8000-000000000002',
            type: 'step.succeeded', status: 'succeeded', stepId: `step_${i}`, key: `step_${i}`, attempt: 1,
          }));
          for (let i = 0; i < burst.length; i += 50) publisher.publish(burst.slice(i, i + 50));
          const deadline = Date.now() + 10_000;
          while (received.length < burst.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
          assert.deepEqual(received.map((e) => e.stepId), burst.map((e) => e.stepId));
          assert.ok(sender.sends.length <= 2, `published in one turn, sent in ${sender.sends.length} round trips`);
          const sizes = sender.sends.flat();
          assert.ok(sizes.length > 1 && sizes.every((n) => n <= MAX_PAYLOAD_BYTES), `payload sizes ${sizes.join(', ')}`);
          await publisher.close();
          await receiver.close();
          redis?.disconnect();
        });

        test('a run executed by a separate levqor worker process reaches this server\'s stream', async () => {
          const database: TestDatabase = await createTestDatabase('postgres');
          const api = await startTestLevqor('postgres', { env, database, listen: true, roles: { worker: false } });
          cleanups.push(() => database.dispose(), () => api.close());
          const worker = await spawnLevqor(['worker'], {
            ...env,
            DATABASE_URL: (database.target as { url: string }).url,
            LEVQOR_BOOTSTRAP_API_KEY: TEST_API_KEY,
            LEVQOR_MASTER_KEY: TEST_MASTER_KEY,
            LEVQOR_OUTBOUND_ALLOW: '127.0.0.1',
            LEVQOR_POLL_MS: '50',
          }, 30_000, { fromSource: true });
          cleanups.push(() => worker.child.kill('SIGKILL'));
          const created = await api.api('POST', '/api/v1/workflows', workflow(service.url));
          const address = api.server!.addresses()[0] as AddressInfo;
          const remote = await openEventStream(`http://127.0.0.1:${address.port}/api/v1/events`, { authorization: `Bearer ${TEST_API_KEY}` });
          cleanups.push(() => remote.close());
          await remote.waitFor('ready', (e) => e[0]?.event === 'ready');
          const started = await api.api('POST', `/api/v1/workflows/${created.body.id}/run`, {});
          const runId = started.body.runId as string;
          const events = await remote.waitFor('the worker to finish the run', ended(runId), 30_000);
          assert.deepEqual(trail(events, runId), ['run.queued', 'run.started', ...STEPS]);
          const run = await api.api('GET', `/api/v1/runs/${runId}`);
          assert.equal(run.body.status, 'succeeded');
          if (!redisUrl) {
            // The LISTEN connection drops (a database restart, a failover): the stream is told to re-read, and
            // events flow again once it is back.
            const admin = new pg.Client({ connectionString: (database.target as { url: string }).url });
            await admin.connect();
            const killed = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'levqor-events' and datname = current_database()`);
            await admin.end();
            assert.equal(killed.rowCount, 1, 'the API process listens on one connection of its own');
            await remote.waitFor('a resync', (e) => e.some((x) => x.event === 'resync'), 10_000);
            const again = (await api.api('POST', `/api/v1/workflows/${created.body.id}/run`, {})).body.runId as string;
            const later = await remote.waitFor('the next run to end', ended(again), 30_000);
            assert.deepEqual(trail(later, again), ['run.queued', 'run.started', ...STEPS]);
          }
          worker.child.kill('SIGTERM');
          assert.equal(await worker.exited, 0, worker.output());
        });
      }
    });
  }
}

async function waitForStatus(url: string, status: number) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const opened = await openEventStream(url, { authorization: `Bearer ${TEST_API_KEY}` });
    if (opened.status === status) return opened;
    opened.close();
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status}; last ${opened.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('live event streams at shutdown', () => {
  test('SIGTERM ends open streams and the process exits at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'levqor-live-'));
    try {
      const server = await spawnLevqor(['start'], { LEVQOR_DATA_DIR: dir, LEVQOR_BOOTSTRAP_API_KEY: TEST_API_KEY, LEVQOR_MASTER_KEY: TEST_MASTER_KEY }, 30_000, { fromSource: true });
      const open = await openEventStream(`${server.url}/api/v1/events`, { authorization: `Bearer ${TEST_API_KEY}` });
      await open.waitFor('ready', (e) => e[0]?.event === 'ready');
      const stopping = Date.now();
      server.child.kill('SIGTERM');
      await open.ended;
      assert.equal(await server.exited, 0, server.output());
      assert.ok(Date.now() - stopping < 5000, `stopping took ${Date.now() - stopping} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
