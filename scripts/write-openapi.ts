/**
 * Writes the OpenAPI document served at /docs/json to docs/openapi.json, so the API reference can be
 * read without running a server, and the web app's client types generated from it. `npm run openapi`.
 */
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { createLevqor } from '../src/main.ts';
import { generateApiTypes, type OpenApiDocument } from './api-types.ts';

const config = loadConfig({ LEVQOR_MASTER_KEY: '0'.repeat(64), LEVQOR_LOG_LEVEL: 'silent' });
config.database = { kind: 'pglite', dataDir: null };
const levqor = await createLevqor(config, { api: true, worker: false, scheduler: false }, { logger: pino({ level: 'silent' }) });
try {
  await levqor.server!.ready();
  const document = levqor.server!.swagger();
  writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(new URL('../web/src/api/schema.ts', import.meta.url), generateApiTypes(document as OpenApiDocument));
  console.log(`docs/openapi.json and web/src/api/schema.ts: ${Object.keys((document as { paths: object }).paths).length} paths`);
} finally {
  await levqor.close();
}
