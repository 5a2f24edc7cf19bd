import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { readDefinition } from '../src/engine/definition/read-definition.ts';
import { StepRegistry } from '../src/engine/step-registry.ts';
import { RunRunner } from '../src/queue/run-runner.ts';
import { ExpressionSandbox } from '../src/sandbox/expression-sandbox.ts';
import { masterKeyOf, resolveMasterKey } from '../src/secrets/master-key.ts';
import { rotateMasterKey } from '../src/secrets/master-key-check.ts';
import { createRedactor, NO_REDACTION } from '../src/secrets/redactor.ts';
import type { RunWriter } from '../src/store/runs/run-writer.ts';
import type { Database } from '../src/store/schema.ts';
import { builtinSteps } from '../src/steps/builtin-steps.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';
import { runWorkflow } from './support/workflows.ts';

// The sources, not bin/levqor.js: that prefers dist/, which may be older than the code under test.
const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** A local service that echoes what it received (its Authorization header included). */
async function echoService() {
  return startLocalHttp(async (req, res) => {
    if (req.url.startsWith('/slow')) await new Promise((resolve) => setTimeout(resolve, 300));
    if (req.url.startsWith('/reject')) {
      res.statusCode = 400;
      return res.end(`rejected credentials ${req.headers.authorization ?? ''}`);
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization ?? null, body: req.body ? JSON.parse(req.body) : null }));
  });
}

const bearerCall = (url: string, name = 'API_TOKEN') => ({
  name: 'call with a secret',
  trigger: { type: 'manual' },
  steps: [{ id: 'call', type: 'http', with: { method: 'POST', url, auth: { type: 'bearer', token: `{{ secrets.${name} }}` }, json: { hello: 'world' } } }],
});

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Every row of every table in the public schema, as text. */
async function dumpDatabase(db: Kysely<Database>): Promise<string> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  assert.ok(tables.some((t) => t.table_name === 'secrets') && tables.some((t) => t.table_name === 'run_steps'));
  let dump = '';
  for (const { table_name } of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(db);
    dump += `-- ${table_name}\n${rows.map((r) => r.row).join('\n')}\n`;
  }
  return dump;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An embedded database in a directory, kept across instances until disposed. */
function pgliteInDir(dir: string): TestDatabase {
  return { name: 'pglite', target: { kind: 'pglite', dataDir: join(dir, 'data') }, dispose: async () => {} };
}

function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: undefined, LEVQOR_MASTER_KEY: undefined, NODE_TEST_CONTEXT: undefined, LEVQOR_LOG_LEVEL: 'warn', ...env },
      timeout: 60_000,
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

const keyHex = () => randomBytes(32).toString('hex');

describe('secret redaction and key formats', () => {
  test('the redactor replaces values deeply (keys too), longest first, and leaves short values alone', () => {
    const redact = createRedactor({ SHORT: 'abc', TOKEN: 'tok-12345', LONGER: 'tok-12345-extended', SPACE: 'a b&c' });
    assert.equal(redact.active, true);
    const value = redact.value({
      list: ['x tok-12345-extended y', 'tok-12345tok-12345', 1, null, true],
      nested: { 'key tok-12345': 'abc stays', when: new Date(0) },
      url: 'https://x.test/?q=a%20b%26c',
    });
    assert.deepEqual(value, {
      list: ['x [redacted:LONGER] y', '[redacted:TOKEN][redacted:TOKEN]', 1, null, true],
      nested: { 'key [redacted:TOKEN]': 'abc stays', when: new Date(0) },
      url: 'https://x.test/?q=[redacted:SPACE]',
    });
    const error = redact.error(Object.assign(new TypeError('failed with tok-12345'), { detail: 'tok-12345' })) as TypeError & { detail: string };
    assert.ok(error instanceof TypeError);
    assert.equal(error.message, 'failed with [redacted:TOKEN]');
    assert.equal(error.detail, '[redacted:TOKEN]');
    assert.ok(!error.stack?.includes('tok-12345'));
  });

  test('without secrets (or only very short ones) nothing is copied', () => {
    assert.equal(createRedactor({}), NO_REDACTION);
    assert.equal(createRedactor({ PIN: '123' }), NO_REDACTION);
    const input = { a: ['b'] };
    assert.equal(NO_REDACTION.value(input), input);
  });

  test('LEVQOR_MASTER_KEY must be 64 hex digits or base64 of 32 bytes', () => {
    for (const bad of ['short', 'zz'.repeat(32), Buffer.alloc(31).toString('base64')]) {
      assert.throws(() => loadConfig({ LEVQOR_MASTER_KEY: bad }), (error: Error) =>
        error instanceof ConfigError && /LEVQOR_MASTER_KEY: must be 64 hex digits or the base64 of 32 bytes/.test(error.message));
    }
    const base64 = randomBytes(32).toString('base64');
    assert.equal(loadConfig({ LEVQOR_MASTER_KEY: base64 }).secrets.masterKey, base64);
    assert.equal(loadConfig({ LEVQOR_MASTER_KEY: keyHex() }).secrets.masterKey?.length, 64);
  });

  test('with DATABASE_URL but no LEVQOR_MASTER_KEY the key file is used with a warning', () => {
    const dir = tempDir('levqor-key-');
    try {
      const warnings: string[] = [];
      const key = resolveMasterKey({
        configured: undefined,
        database: { kind: 'postgres', url: 'postgres://127.0.0.1/x', poolSize: 1 },
        dataDir: dir,
        logger: { warn: (m) => warnings.push(m) },
      });
      assert.equal(key.source, 'file');
      assert.equal(key.file, join(dir, 'master.key'));
      assert.equal(statSync(key.file!).mode & 0o777, 0o600);
      assert.match(warnings.join('\n'), /DATABASE_URL is set but LEVQOR_MASTER_KEY is not.*same master key/);
      assert.deepEqual(resolveMasterKey({ configured: undefined, database: { kind: 'postgres', url: 'postgres://127.0.0.1/x', poolSize: 1 }, dataDir: dir }).key, key.key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const kind of databaseKinds()) {
  describe(`secrets API and use in runs on ${kind}`, () => {
    let levqor: TestLevqor;
    let service: Awaited<ReturnType<typeof echoService>>;
    before(async () => {
      levqor = await startTestLevqor(kind);
      service = await echoService();
    });
    after(async () => {
      await levqor?.close();
      await service?.close();
    });

    test('PUT creates (201) and replaces (200), GET lists names and dates only, DELETE removes (204, then 404)', async () => {
      const value = 'api-value-Qm3xT9';
      const created = await levqor.api('PUT', '/api/v1/secrets/CRUD_TOKEN', { value });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'name', 'updatedAt']);
      assert.equal(created.body.name, 'CRUD_TOKEN');
      const updated = await levqor.api('PUT', '/api/v1/secrets/CRUD_TOKEN', { value: `${value}-2` });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.createdAt, created.body.createdAt);
      assert.ok(updated.body.updatedAt >= created.body.updatedAt);
      await levqor.api('PUT', '/api/v1/secrets/ANOTHER_ONE', { value: 'another-value-1' });

      const listed = await levqor.api('GET', '/api/v1/secrets');
      assert.equal(listed.status, 200);
      const names = listed.body.items.map((s: { name: string }) => s.name);
      assert.ok(names.includes('CRUD_TOKEN') && names.includes('ANOTHER_ONE'));
      for (const item of listed.body.items) assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'name', 'updatedAt']);
      const firstPage = await levqor.api('GET', '/api/v1/secrets?limit=1');
      assert.equal(firstPage.body.items.length, 1);
      const secondPage = await levqor.api('GET', `/api/v1/secrets?limit=1&cursor=${firstPage.body.nextCursor}`);
      assert.notEqual(secondPage.body.items[0].name, firstPage.body.items[0].name);
      for (const response of [created, updated, listed, firstPage, secondPage]) {
        assert.equal(count(JSON.stringify(response), 'api-value'), 0, 'a value was returned');
      }

      assert.equal((await levqor.api('DELETE', '/api/v1/secrets/CRUD_TOKEN')).status, 204);
      const again = await levqor.api('DELETE', '/api/v1/secrets/CRUD_TOKEN');
      assert.equal(again.status, 404);
      assert.equal(again.body.error.code, 'not_found');
      assert.ok(!(await levqor.api('GET', '/api/v1/secrets')).body.items.some((s: { name: string }) => s.name === 'CRUD_TOKEN'));
    });

    test('bad names and values answer 400 validation_failed naming the problem', async () => {
      for (const name of ['lower', '1STARTS_WITH_DIGIT', 'HAS-DASH', `A${'B'.repeat(64)}`]) {
        const response = await levqor.api('PUT', `/api/v1/secrets/${name}`, { value: 'some-value' });
        assert.equal(response.status, 400, name);
        assert.equal(response.body.error.code, 'validation_failed');
        assert.match(response.body.error.message, /is not valid: use 1 to 64 upper-case letters, digits and underscores, starting with a letter/);
        assert.equal(response.body.error.details[0].path, 'params.name');
      }
      const cases: [unknown, string, RegExp][] = [
        [{ value: '' }, 'body.value', /value must not be empty/],
        [{ value: 'x'.repeat(64 * 1024 + 1) }, 'body.value', /value is 65537 bytes; the limit is 65536 bytes \(64 KB\)/],
        [{}, 'body', /value/],
        [{ value: 'ok-value', extra: 1 }, 'body', /additional properties/],
      ];
      for (const [body, path, message] of cases) {
        const response = await levqor.api('PUT', '/api/v1/secrets/GOOD_NAME', body);
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(response.body.error.code, 'validation_failed');
        assert.match(response.body.error.message, message);
        assert.equal(response.body.error.details[0].path, path);
      }
      assert.equal((await levqor.api('PUT', '/api/v1/secrets/GOOD_NAME', { value: 'x'.repeat(64 * 1024) })).status, 201, 'exactly 64 KB is accepted');
      assert.equal((await levqor.api('DELETE', '/api/v1/secrets/bad-name')).status, 400);
    });

    test('an http step gets the real token from {{ secrets.API_TOKEN }}; the run shows it redacted', async () => {
      const token = 'tok_live_8ZqK2mV7xR4p';
      assert.equal((await levqor.api('PUT', '/api/v1/secrets/API_TOKEN', { value: token })).status, 201);
      const { runId } = await runWorkflow(levqor, bearerCall(`${service.url}/contacts`));
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      const received = service.received.find((r) => r.url === '/contacts');
      assert.equal(received?.headers.authorization, `Bearer ${token}`);
      const step = run.steps[0];
      assert.equal(step.input.auth.token, '[redacted:API_TOKEN]');
      assert.equal(step.output.body.authorization, 'Bearer [redacted:API_TOKEN]');
      assert.equal(run.output.body.authorization, 'Bearer [redacted:API_TOKEN]');
      assert.equal(count(JSON.stringify(run), token), 0);
    });
  });

  describe(`no plaintext secret in the database, logs or files on ${kind}`, () => {
    const ALPHA = 'alpha-plain-7f3c9e1b2d';
    const BETA = 'beta-plain-Zq8Wx4Lm0';
    let levqor: TestLevqor;
    let service: Awaited<ReturnType<typeof echoService>>;
    let dir: string | undefined;
    let logs = '';
    before(async () => {
      service = await echoService();
      dir = kind === 'pglite' ? tempDir('levqor-secrets-') : undefined;
      const stream = new Writable({
        write(chunk, _encoding, done) {
          logs += chunk.toString();
          done();
        },
      });
      levqor = await startTestLevqor(kind, {
        database: dir ? pgliteInDir(dir) : undefined,
        hooks: { logger: pino({ level: 'trace' }, stream) },
      });
    });
    after(async () => {
      await levqor?.close();
      await service?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('after runs that send secrets and then store, respond with and fail on what services echoed, a full dump holds neither plaintext', async () => {
      assert.equal((await levqor.api('PUT', '/api/v1/secrets/ALPHA_TOKEN', { value: ALPHA })).status, 201);
      assert.equal((await levqor.api('PUT', '/api/v1/secrets/BETA_PASSWORD', { value: BETA })).status, 201);
      const runs: { runId: string; status: string }[] = [];

      const used = await runWorkflow(levqor, {
        name: 'use both',
        trigger: { type: 'manual' },
        steps: [
          { id: 'call', type: 'http', with: { method: 'POST', url: `${service.url}/echo`, auth: { type: 'bearer', token: '{{ secrets.ALPHA_TOKEN }}' }, json: { password: '{{ secrets.BETA_PASSWORD }}', both: 'a={{ secrets.ALPHA_TOKEN }}&b={{ secrets.BETA_PASSWORD }}' } } },
          { id: 'copy', type: 'transform', with: { set: { echoed: '{{ steps.call.body }}', sentence: 'password is {{ steps.call.body.body.password }}.' } } },
        ],
      });
      runs.push({ ...used, status: 'succeeded' });
      runs.push({ ...(await runWorkflow(levqor, {
        name: 'fail with what a service echoed',
        trigger: { type: 'manual' },
        steps: [
          { id: 'call', type: 'http', with: { url: `${service.url}/echo`, auth: { type: 'bearer', token: '{{ secrets.ALPHA_TOKEN }}' } } },
          { id: 'boom', type: 'fail', with: { message: '{{ steps.call.body.authorization }}' } },
        ],
      })), status: 'failed' });
      runs.push({ ...(await runWorkflow(levqor, {
        name: 'upstream error echoes the token',
        trigger: { type: 'manual' },
        steps: [{ id: 'call', type: 'http', with: { url: `${service.url}/reject`, auth: { type: 'bearer', token: '{{ secrets.BETA_PASSWORD }}' } } }],
      })), status: 'failed' });
      runs.push({ ...(await runWorkflow(levqor, {
        name: 'expression error shows the value',
        trigger: { type: 'manual' },
        steps: [
          { id: 'cast', type: 'http', with: { method: 'POST', url: `${service.url}/echo`, json: { n: '{{ $number(secrets.ALPHA_TOKEN) }}' } }, onError: 'continue' },
          { id: 'after', type: 'transform', with: { set: { error: '{{ steps.cast.error.message }}' } } },
        ],
      })), status: 'succeeded' });

      // A sync webhook whose respond step passes on a secret a service echoed: the caller gets it redacted too.
      const hooked = await levqor.api('POST', '/api/v1/workflows', {
        name: 'sync respond',
        trigger: { type: 'webhook', path: 'secret-echo', respond: 'sync' },
        steps: [
          { id: 'call', type: 'http', with: { url: `${service.url}/echo`, auth: { type: 'bearer', token: '{{ secrets.BETA_PASSWORD }}' } } },
          { id: 'reply', type: 'respond', with: { body: { token: '{{ steps.call.body.authorization }}' } } },
        ],
      });
      assert.equal((await levqor.api('POST', `/api/v1/workflows/${hooked.body.id}/activate`)).status, 200);
      const answer = await levqor.server!.inject({ method: 'POST', url: '/hooks/default/secret-echo', payload: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(JSON.parse(answer.body), { token: 'Bearer [redacted:BETA_PASSWORD]' });
      runs.push({ runId: answer.headers['levqor-run-id'] as string, status: 'succeeded' });

      // A run that loses its lease mid-step is logged by the server ("run left for another attempt").
      const slow = await runWorkflow(levqor, bearerCall(`${service.url}/slow`, 'ALPHA_TOKEN'));
      const deadline = Date.now() + 5000;
      while (!service.received.some((r) => r.url === '/slow') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await sql`update runs set lease_token = gen_random_uuid() where id = ${slow.runId}`.execute(levqor.database.db);
      while (!logs.includes('run left for another attempt') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.match(logs, /run left for another attempt/);

      let api = answer.body;
      for (const { runId, status } of runs) {
        const run = await levqor.waitForRun(runId);
        assert.equal(run.status, status, JSON.stringify(run));
        api += JSON.stringify(run);
      }
      api += JSON.stringify((await levqor.api('GET', '/api/v1/runs?limit=200')).body);
      api += JSON.stringify((await levqor.api('GET', '/api/v1/secrets')).body);

      // The secrets really reached the service.
      const echoed = service.received.find((r) => r.url === '/echo');
      assert.equal(echoed?.headers.authorization, `Bearer ${ALPHA}`);
      assert.equal(JSON.parse(echoed!.body).password, BETA);
      const failed = await levqor.waitForRun(runs[1].runId);
      assert.equal(failed.error.message, 'Bearer [redacted:ALPHA_TOKEN]');
      const rejected = await levqor.waitForRun(runs[2].runId);
      assert.match(rejected.error.message, /answered 400: rejected credentials Bearer \[redacted:BETA_PASSWORD\]/);
      const used1 = await levqor.waitForRun(used.runId);
      assert.equal(used1.steps[0].input.json.both, 'a=[redacted:ALPHA_TOKEN]&b=[redacted:BETA_PASSWORD]');
      assert.equal(used1.output.echoed.authorization, 'Bearer [redacted:ALPHA_TOKEN]');
      assert.equal(used1.output.sentence, 'password is [redacted:BETA_PASSWORD].');

      const dump = await dumpDatabase(levqor.database.db);
      assert.ok(count(dump, '[redacted:ALPHA_TOKEN]') >= 4 && count(dump, '[redacted:BETA_PASSWORD]') >= 3, 'the dump holds the runs');
      const where = { api, dump, logs };
      for (const [what, text] of Object.entries(where)) {
        for (const secret of [ALPHA, BETA]) assert.equal(count(text, secret), 0, `${what} holds a plaintext secret`);
      }

      if (dir) {
        await levqor.close();
        const files = filesUnder(dir);
        assert.ok(files.length > 10);
        for (const file of files) {
          const bytes = readFileSync(file);
          for (const secret of [ALPHA, BETA]) assert.equal(bytes.indexOf(secret), -1, `${file} holds a plaintext secret`);
        }
      }
    });
  });

  describe(`ciphertexts are bound to their workspace and name on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      levqor = await startTestLevqor(kind);
    });
    after(async () => levqor?.close());

    test('a ciphertext copied to another workspace or name does not decrypt, and a run using it fails clearly', async () => {
      const db = levqor.database.db;
      const home = (await levqor.workspaces.findBySlug('default'))!.id;
      const newWorkspace = async (slug: string) =>
        (await sql<{ id: string }>`insert into workspaces (slug, name) values (${slug}, ${slug}) returning id`.execute(db)).rows[0].id;
      const other = await newWorkspace('other');
      const empty = await newWorkspace('empty');
      await levqor.secrets.put(home, 'SHARED', 'home-secret-value');
      await levqor.secrets.put(other, 'OWN', 'other-secret-value');
      assert.deepEqual(await levqor.secrets.loadAll(home), { SHARED: 'home-secret-value' });

      // Copied into a workspace that has its own data key.
      await sql`insert into secrets (workspace_id, name, ciphertext) select ${other}, name, ciphertext from secrets where workspace_id = ${home} and name = 'SHARED'`.execute(db);
      await assert.rejects(levqor.secrets.loadAll(other), (error: Error) => {
        assert.equal(error.name, 'SecretDecryptError');
        assert.match(error.message, new RegExp(`^secret SHARED of workspace ${other} cannot be decrypted: it was not encrypted for this workspace and name, or it was altered \\(authentication failed`));
        return true;
      });
      // Copied with the wrapped data key: the data key itself is bound to its workspace.
      await sql`insert into workspace_keys (workspace_id, wrapped_key, master_key_id) select ${empty}, wrapped_key, master_key_id from workspace_keys where workspace_id = ${home}`.execute(db);
      await sql`insert into secrets (workspace_id, name, ciphertext) select ${empty}, name, ciphertext from secrets where workspace_id = ${home}`.execute(db);
      await assert.rejects(levqor.secrets.loadAll(empty), /^SecretDecryptError: the data key of workspace .* cannot be unwrapped: it was not wrapped for this workspace, or it was altered/);
      // Copied to another name in the same workspace.
      await sql`insert into secrets (workspace_id, name, ciphertext) select workspace_id, 'RENAMED', ciphertext from secrets where workspace_id = ${home} and name = 'SHARED'`.execute(db);
      levqor.secrets.forgetDataKeys();
      await assert.rejects(levqor.secrets.loadAll(home), /secret RENAMED of workspace .* cannot be decrypted/);

      // A run in that workspace fails (it is not retried forever) with the reason.
      const definition = readDefinition({ name: 'uses secrets', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'http', with: { url: 'http://127.0.0.1:9/', auth: { type: 'bearer', token: '{{ secrets.OWN }}' } } }] }, levqor.registry);
      assert.ok(definition.ok);
      const workflow = await levqor.workflows.create(other, definition.definition, definition.source);
      const { runId } = await levqor.starter.startAsync({ workspaceId: other, workflowId: workflow.id, version: workflow.version, trigger: { type: 'manual', body: {} }, dedupeKey: null });
      const deadline = Date.now() + 10_000;
      let row;
      do {
        row = await db.selectFrom('runs').select(['status', 'error']).where('id', '=', runId).executeTakeFirstOrThrow();
        if (row.status === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      } while (Date.now() < deadline);
      assert.equal(row.status, 'failed');
      assert.equal((row.error as { code: string }).code, 'secrets_unavailable');
      assert.match((row.error as { message: string }).message, /secret SHARED of workspace .* cannot be decrypted/);
    });
  });

  describe(`master key rotation while runs go on, on ${kind}`, () => {
    let service: Awaited<ReturnType<typeof echoService>>;
    let dir: string | undefined;
    let database: TestDatabase;
    const open: TestLevqor[] = [];
    before(async () => {
      service = await echoService();
      dir = kind === 'pglite' ? tempDir('levqor-rotate-') : undefined;
      database = dir ? pgliteInDir(dir) : await createTestDatabase('postgres');
    });
    after(async () => {
      for (const levqor of open) await levqor.close();
      await service?.close();
      await database?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const start = async (key: string) => {
      const levqor = await startTestLevqor(kind, { database, env: { LEVQOR_MASTER_KEY: key } });
      open.push(levqor);
      return levqor;
    };
    const stop = async (levqor: TestLevqor) => {
      open.splice(open.indexOf(levqor), 1);
      await levqor.close();
    };
    const runAndCheck = async (levqor: TestLevqor, token: string) => {
      const before = service.received.length;
      const { runId } = await runWorkflow(levqor, bearerCall(`${service.url}/rotate`));
      const run = await levqor.waitForRun(runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.equal(service.received.slice(before).find((r) => r.url === '/rotate')?.headers.authorization, `Bearer ${token}`);
    };

    test('a running instance keeps working after rotation; a new one needs the new key; the old key stops at start', async () => {
      const oldKey = keyHex();
      const newKey = keyHex();
      const token = 'rotating-token-5Kd9';
      const first = await start(oldKey);
      assert.equal((await first.api('PUT', '/api/v1/secrets/API_TOKEN', { value: token })).status, 201);
      await runAndCheck(first, token);

      const result = await rotateMasterKey(first.database.db, masterKeyOf(Buffer.from(oldKey, 'hex'), 'env'), masterKeyOf(Buffer.from(newKey, 'hex'), 'env'));
      assert.equal(result.workspaces, 1);
      const keys = await first.database.db.selectFrom('workspace_keys').select(['master_key_id', 'rotated_at']).execute();
      assert.deepEqual(keys.map((k) => k.master_key_id), [result.newKeyId]);
      assert.ok(keys[0].rotated_at);

      // Same process: its unwrapped data key is cached, so runs and updates go on.
      await runAndCheck(first, token);
      assert.equal((await first.api('PUT', '/api/v1/secrets/API_TOKEN', { value: token })).status, 200);
      // It cannot wrap a data key for a new workspace with the old key any more.
      const fresh = (await sql<{ id: string }>`insert into workspaces (slug, name) values ('fresh', 'fresh') returning id`.execute(first.database.db)).rows[0].id;
      await assert.rejects(first.secrets.put(fresh, 'X_TOKEN', 'value-x'), /the master key was rotated .*restart this process with the new master key/);

      if (kind === 'pglite') await stop(first); // the embedded database serves one process at a time
      const second = await start(newKey);
      await runAndCheck(second, token);
      assert.equal((await second.api('PUT', '/api/v1/secrets/API_TOKEN', { value: `${token}-2` })).status, 200);
      await runAndCheck(second, `${token}-2`);
      await stop(second);

      await assert.rejects(start(oldKey), (error: Error) => {
        assert.equal(error.name, 'MasterKeyError');
        assert.match(error.message, /^LEVQOR_MASTER_KEY does not match the key this database was encrypted with \(database master key id [0-9a-f]{16}, this key's id [0-9a-f]{16}\)/);
        return true;
      });
      // Rotating again from the old key is refused and changes nothing.
      const db = kind === 'postgres' ? open[0]?.database.db : undefined;
      if (db) await assert.rejects(rotateMasterKey(db, masterKeyOf(Buffer.from(oldKey, 'hex'), 'env'), masterKeyOf(randomBytes(32), 'env')), /does not match/);
    });
  });
}

describe('the master key file and levqor secrets rotate-master-key', () => {
  let dir: string;
  const open: TestLevqor[] = [];
  before(() => {
    dir = tempDir('levqor-keyfile-');
  });
  after(async () => {
    for (const levqor of open) await levqor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the key file is created 0600, refused when others may read it, and rotated by the CLI', async () => {
    const database = pgliteInDir(dir);
    const keyFile = join(database.target.kind === 'pglite' ? database.target.dataDir! : '', 'master.key');
    const first = await startTestLevqor('pglite', { database, env: { LEVQOR_MASTER_KEY: '' } });
    open.push(first);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const oldKey = readFileSync(keyFile, 'utf8').trim();
    assert.match(oldKey, /^[0-9a-f]{64}$/);
    assert.equal((await first.api('PUT', '/api/v1/secrets/FILE_TOKEN', { value: 'file-token-value' })).status, 201);

    const busy = await cli(['secrets', 'rotate-master-key'], { LEVQOR_DATA_DIR: database.target.kind === 'pglite' ? database.target.dataDir! : '' });
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /is in use \(postmaster\.pid exists\): stop Levqor/);
    open.pop();
    await first.close();

    chmodSync(keyFile, 0o644);
    await assert.rejects(startTestLevqor('pglite', { database, env: { LEVQOR_MASTER_KEY: '' } }), /master key file .* is accessible to group or others \(mode 0644\): restrict it with "chmod 600/);
    chmodSync(keyFile, 0o600);

    const dataDir = database.target.kind === 'pglite' ? database.target.dataDir! : '';
    const rotated = await cli(['secrets', 'rotate-master-key'], { LEVQOR_DATA_DIR: dataDir });
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /Rotated the master key \(id [0-9a-f]{16} → [0-9a-f]{16}\): 1 workspace data key\(s\) re-wrapped/);
    const newKey = readFileSync(keyFile, 'utf8').trim();
    assert.match(newKey, /^[0-9a-f]{64}$/);
    assert.notEqual(newKey, oldKey);
    assert.equal(readFileSync(`${keyFile}.previous`, 'utf8').trim(), oldKey);
    assert.equal(statSync(`${keyFile}.previous`).mode & 0o777, 0o600);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.ok(!readdirSync(dataDir).some((f) => f.startsWith('master.key.') && f !== 'master.key.previous'), 'no staged key is left');

    const second = await startTestLevqor('pglite', { database, env: { LEVQOR_MASTER_KEY: '' } });
    open.push(second);
    const home = (await second.workspaces.findBySlug('default'))!.id;
    assert.deepEqual(await second.secrets.loadAll(home), { FILE_TOKEN: 'file-token-value' });
    open.pop();
    await second.close();

    await assert.rejects(startTestLevqor('pglite', { database, env: { LEVQOR_MASTER_KEY: oldKey } }), /^MasterKeyError: LEVQOR_MASTER_KEY does not match the key this database was encrypted with/);

    // With LEVQOR_MASTER_KEY the new key is printed, not written.
    const given = keyHex();
    const printed = await cli(['secrets', 'rotate-master-key', '--new-key', given], { LEVQOR_DATA_DIR: dataDir, LEVQOR_MASTER_KEY: newKey });
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, new RegExp(`set LEVQOR_MASTER_KEY to it on every process, then restart them:\\n  ${given}\\n`));
    assert.equal(readFileSync(keyFile, 'utf8').trim(), newKey, 'the key file is not touched');
    const wrong = await cli(['secrets', 'rotate-master-key'], { LEVQOR_DATA_DIR: dataDir, LEVQOR_MASTER_KEY: newKey });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /LEVQOR_MASTER_KEY does not match the key this database was encrypted with[\s\S]*Nothing was changed/);
    const bad = await cli(['secrets', 'rotate-master-key', '--new-key', 'nope'], { LEVQOR_DATA_DIR: dataDir, LEVQOR_MASTER_KEY: given });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--new-key must be 64 hex digits or the base64 of 32 bytes/);
  });
});

describe('errors the runner reports are redacted', () => {
  test('a failed write that echoes a secret is logged and reported without it', async () => {
    const levqor = await startTestLevqor('pglite');
    try {
      const reported: unknown[] = [];
      const failing = {
        insert: async () => {
          throw new Error('insert failed near value "plain-db-secret-42"');
        },
        update: async () => {
          throw new Error('update failed near value "plain-db-secret-42"');
        },
      } as unknown as RunWriter;
      const sandbox = new ExpressionSandbox({ maxThreads: 1, memoryMb: 64 });
      after(() => sandbox.close());
      const runner = new RunRunner({
        db: levqor.database.db,
        writer: failing,
        registry: new StepRegistry(builtinSteps),
        services: { http: undefined as never, mailer: undefined as never, clock: { now: () => new Date() }, templates: sandbox },
        owner: 'test',
        leaseMs: 5000,
        defaultStepTimeoutMs: 1000,
        secrets: { loadAll: async () => ({ DB_SECRET: 'plain-db-secret-42' }) },
        onError: (error) => reported.push(error),
      });
      const read = readDefinition({ name: 'x', trigger: { type: 'manual' }, steps: [{ id: 's', type: 'http', with: { url: 'http://127.0.0.1:9/', auth: { type: 'bearer', token: '{{ secrets.DB_SECRET }}' } } }] }, levqor.registry);
      assert.ok(read.ok);
      const runId = runner.newLeaseToken();
      const ending = await runner.execute({
        run: { id: runId, workspaceId: runId, workflowId: runId, version: 1, trigger: {}, createdAt: new Date() },
        definition: read.definition,
        leaseToken: runner.newLeaseToken(),
        insert: { id: runId, workspaceId: runId, workflowId: runId, version: 1, trigger: {}, dedupeKey: null },
      });
      await runner.shutdown();
      assert.equal(ending.kind, 'abandoned');
      assert.match((ending as { reason: string }).reason, /near value "\[redacted:DB_SECRET\]"/);
      assert.equal(reported.length, 1);
      const error = reported[0] as Error;
      assert.equal(error.name, 'JournalError');
      assert.match(error.message, /could not record run progress: insert failed near value "\[redacted:DB_SECRET\]"/);
      const logged = JSON.stringify(pino.stdSerializers.err(error));
      assert.equal(count(logged, 'plain-db-secret-42'), 0);
    } finally {
      await levqor.close();
    }
  });
});
