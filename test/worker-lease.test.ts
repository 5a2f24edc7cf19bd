import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VersionCache } from '../src/queue/version-cache.ts';
import { Worker } from '../src/queue/worker.ts';
import type { RunWriter } from '../src/store/runs/run-writer.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const LEASE_MS = 1000;

/**
 * A worker that claims a run holds its lease from the claim on: loading the run's definition and history
 * can outlast the lease on a busy machine, and a second worker must not take the run meanwhile and send
 * its side effects twice.
 */
for (const kind of databaseKinds()) {
  describe(`claimed runs keep their lease while their worker loads them, on ${kind}`, () => {
    let levqor: TestLevqor;
    const workers: Worker[] = [];
    before(async () => {
      // No worker of its own: the manual run below is queued for the two workers of the test.
      levqor = await startTestLevqor(kind, { roles: { worker: false }, env: { LEVQOR_LEASE_MS: String(LEASE_MS) } });
    });
    after(async () => {
      for (const worker of workers) await worker.stop();
      await levqor?.close();
    });

    function worker(owner: string, versions: Pick<VersionCache, 'get'>): Worker {
      const started = new Worker({
        db: levqor.database.db,
        // Used only to end cancelled or dead-lettered runs, which this test has none of.
        writer: undefined as unknown as RunWriter,
        runner: levqor.runner,
        versions: versions as VersionCache,
        owner,
        leaseMs: LEASE_MS,
        concurrency: 4,
        batchSize: 4,
        pollMs: 20,
        maxLeaseExpiries: 5,
      });
      workers.push(started);
      started.start();
      return started;
    }

    test('a worker slower to load a run than its lease runs it alone: its side effect is sent once', async () => {
      const service = await startLocalHttp((_req, res) => res.end('{"ok":true}'));
      after(() => service.close());
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'once',
        trigger: { type: 'manual' },
        steps: [{ id: 'charge', type: 'http', with: { method: 'POST', url: `${service.url}/charge` } }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const started = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, {});
      assert.equal(started.status, 202, JSON.stringify(started.body));

      const real = new VersionCache(levqor.database.db);
      let slowLoads = 0;
      worker('slow-loader', {
        get: async (...args: Parameters<VersionCache['get']>) => {
          slowLoads++;
          await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 2.5));
          return real.get(...args);
        },
      });
      // The second worker starts once the first has claimed the run, and keeps polling past its lease.
      while (slowLoads === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      worker('quick', real);

      const run = await levqor.waitForRun(started.body.runId, ['succeeded', 'failed'], 15_000);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.equal(service.received.filter((r) => r.url === '/charge').length, 1, 'the side effect was sent once');
      assert.equal(run.attempts, 1);
    });
  });
}
