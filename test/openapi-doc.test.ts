import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startTestLevqor } from './support/test-levqor.ts';

test('docs/openapi.json matches the API the server serves (regenerate with npm run openapi)', async () => {
  const levqor = await startTestLevqor('pglite', { roles: { worker: false } });
  try {
    await levqor.server!.ready();
    const served = JSON.parse(JSON.stringify(levqor.server!.swagger()));
    const committed = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, served, 'docs/openapi.json is out of date: run `npm run openapi` and commit it');
  } finally {
    await levqor.close();
  }
});
