import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { databaseKinds } from './support/databases.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/* /metrics is not public: a bearer token (LEVQOR_METRICS_TOKEN) or a listener of its own (LEVQOR_METRICS_LISTEN). */

const TOKEN = 'metrics-token-0123456789abcdef';

for (const kind of databaseKinds()) {
  describe(`metrics access on ${kind}`, () => {
    const started: TestLevqor[] = [];
    const start = async (env: Record<string, string>, options: Parameters<typeof startTestLevqor>[1] = {}) => {
      const levqor = await startTestLevqor(kind, { ...options, env });
      started.push(levqor);
      return levqor;
    };
    after(async () => {
      for (const levqor of started) await levqor.close();
    });

    test('by default /metrics answers 404 and says how to serve it', async () => {
      const levqor = await start({});
      const response = await levqor.server!.inject({ url: '/metrics' });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'metrics_not_public');
      assert.match(response.json().error.message, /LEVQOR_METRICS_TOKEN.*LEVQOR_METRICS_LISTEN/);
      assert.doesNotMatch(response.body, /levqor_queue_depth/);
    });

    test('with LEVQOR_METRICS_TOKEN, only a scrape with that bearer token is answered', async () => {
      const levqor = await start({ LEVQOR_METRICS_TOKEN: TOKEN });
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const refused = await levqor.server!.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
        assert.equal(refused.statusCode, 401, String(authorization));
        assert.equal(refused.headers['www-authenticate'], 'Bearer realm="metrics"');
        assert.doesNotMatch(refused.body, /levqor_queue_depth/);
      }
      const scraped = await levqor.server!.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(scraped.statusCode, 200);
      assert.match(scraped.body, /levqor_queue_depth/);
    });

    test('with LEVQOR_METRICS_LISTEN, a listener of its own serves them, also for a worker-only process; the API listener does not', async () => {
      const levqor = await start({ LEVQOR_METRICS_LISTEN: '127.0.0.1:0' }, { listen: true });
      const { port } = levqor.metricsServer!.server.address() as { port: number };
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(scraped.status, 200);
      assert.match(await scraped.text(), /levqor_queue_depth/);
      assert.equal(scraped.headers.get('x-content-type-options'), 'nosniff');
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/v1/workflows`)).status, 404, 'the metrics listener serves nothing else');
      assert.equal((await levqor.server!.inject({ url: '/metrics' })).statusCode, 404);
      if (kind === 'postgres') {
        const worker = await start({ LEVQOR_METRICS_LISTEN: '127.0.0.1:0' }, { listen: true, roles: { api: false }, database: levqor.db });
        assert.equal(worker.server, undefined);
        const workerPort = (worker.metricsServer!.server.address() as { port: number }).port;
        assert.match(await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text(), /levqor_runs_claimed_total/);
      }
    });
  });
}

test('a malformed LEVQOR_METRICS_LISTEN or a short LEVQOR_METRICS_TOKEN stops the start with a clear message', () => {
  assert.throws(() => loadConfig({ LEVQOR_METRICS_LISTEN: '9464' }), (error: Error) => error instanceof ConfigError && /LEVQOR_METRICS_LISTEN: must be host:port, such as 127\.0\.0\.1:9464/.test(error.message));
  assert.throws(() => loadConfig({ LEVQOR_METRICS_LISTEN: 'localhost:99999' }), /LEVQOR_METRICS_LISTEN: must be host:port/);
  assert.throws(() => loadConfig({ LEVQOR_METRICS_TOKEN: 'short' }), /LEVQOR_METRICS_TOKEN: must be at least 24 characters/);
  assert.deepEqual(loadConfig({ LEVQOR_METRICS_LISTEN: '[::1]:9464' }).metrics.listen, { host: '::1', port: 9464 });
});
