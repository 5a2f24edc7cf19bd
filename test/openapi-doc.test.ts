import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generateApiTypes, type OpenApiDocument } from '../scripts/api-types.ts';
import { startTestLevqor } from './support/test-levqor.ts';

test('docs/openapi.json and the web client types match the API the server serves (regenerate with npm run openapi)', async () => {
  const levqor = await startTestLevqor('pglite', { roles: { worker: false } });
  try {
    await levqor.server!.ready();
    const served = JSON.parse(JSON.stringify(levqor.server!.swagger()));
    const committed = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, served, 'docs/openapi.json is out of date: run `npm run openapi` and commit it');
    const types = readFileSync(new URL('../web/src/api/schema.ts', import.meta.url), 'utf8');
    assert.equal(types, generateApiTypes(served as OpenApiDocument), "the web app's client types (web/src/api/schema.ts) are out of date: run `npm run openapi` and commit them");
  } finally {
    await levqor.close();
  }
});
