import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnLevqor } from './support/levqor-process.ts';
import { TEST_MASTER_KEY } from './support/test-levqor.ts';

/* What `levqor start` tells the operator about metrics and the public URL, from the real process. */

async function started(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'levqor-start-notes-'));
  const proc = await spawnLevqor(['start'], { LEVQOR_DATA_DIR: dir, LEVQOR_MASTER_KEY: TEST_MASTER_KEY, ...env }, 30_000, { fromSource: true });
  return {
    proc,
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('levqor start prints the metrics listener, which serves metrics while the API listener refuses them', async () => {
  const { proc, stop } = await started({ LEVQOR_METRICS_LISTEN: '127.0.0.1:0' });
  try {
    const metricsUrl = /Metrics \(Prometheus\): (http:\/\/\S+)/.exec(proc.output())?.[1];
    assert.ok(metricsUrl, proc.output());
    assert.match(await (await fetch(metricsUrl)).text(), /levqor_queue_depth/);
    assert.equal((await fetch(`${proc.url}/metrics`)).status, 404);
    assert.doesNotMatch(proc.output(), /LEVQOR_PUBLIC_URL is not set/, 'a loopback bind needs no public URL note');
  } finally {
    await stop();
  }
});

test('levqor start on all interfaces without LEVQOR_PUBLIC_URL says that links use the listening address', async () => {
  const { proc, stop } = await started({ HOST: '0.0.0.0' });
  try {
    assert.match(proc.output(), /LEVQOR_PUBLIC_URL is not set: links in mails and API answers \(hook URLs, password resets\) use the listening address/);
  } finally {
    await stop();
  }
});
