import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const document = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'));
const operations = Object.entries(document.paths as Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown>; security?: unknown[] }>>)
  .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, ...operation })));

interface Problem { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }

test('docs/openapi.json passes redocly lint (recommended rules, redocly.yaml) without errors', async () => {
  const run = await promisify(execFile)(process.execPath, [`${root}node_modules/@redocly/cli/bin/cli.js`, 'lint', 'docs/openapi.json', '--format=json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { problems: Problem[] };
  const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  assert.deepEqual(errors, [], `redocly lint found errors:\n${errors.join('\n')}`);
});

test('every operation has a unique camelCase operationId', () => {
  const missing = operations.filter((o) => !o.operationId || !/^[a-z][A-Za-z0-9]*$/.test(o.operationId)).map((o) => o.name);
  assert.deepEqual(missing, []);
  const ids = operations.map((o) => o.operationId);
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
});

test('public routes need no credentials; the others name bearer or session security', () => {
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  for (const id of ['signup', 'login', 'requestPasswordReset', 'confirmPasswordReset', 'verifyEmail', 'listPlans', 'listTemplates', 'getHealth', 'triggerHookPost']) {
    assert.deepEqual(byId.get(id)?.security, [], `${id} is public`);
  }
  assert.deepEqual(byId.get('listRuns')?.security, [{ bearer: [] }, { session: [] }]);
  assert.deepEqual(byId.get('cancelRun')?.security, [{ bearer: [] }, { session: [], csrf: [] }]);
  assert.deepEqual(byId.get('logout')?.security, [{ session: [], csrf: [] }]);
  assert.deepEqual(Object.keys(document.components.securitySchemes).sort(), ['bearer', 'csrf', 'metricsToken', 'session']);
  assert.deepEqual(document.servers, [{ url: '/', description: 'This server' }]);
});

test('error answers refer to the one Error schema; workflow definitions are typed as JSON and YAML', () => {
  for (const o of operations) {
    for (const [status, response] of Object.entries(o.responses ?? {}) as [string, { content?: Record<string, { schema: unknown }> }][]) {
      if (/^[45]/.test(status) && response.content) assert.deepEqual(response.content['application/json']?.schema, { $ref: '#/components/schemas/Error' }, `${o.name} ${status}`);
    }
  }
  const create = document.paths['/api/v1/workflows'].post;
  assert.deepEqual(Object.keys(create.requestBody.content), ['application/json', 'application/yaml']);
  assert.deepEqual(create.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/WorkflowDefinition' });
  assert.ok(document.components.schemas.WorkflowDefinition.properties.trigger, 'the definition schema comes from the contract');
  assert.ok(create.responses['422'] && document.paths['/api/v1/runs/{id}'].get.responses['404'], 'documented error codes');
});
