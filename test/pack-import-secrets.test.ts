import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { importPack, type ImportRequest } from '../src/packs/import/import-pack.ts';
import { Refusal } from '../src/contracts/refusal.ts';
import type { TestDatabase } from './support/databases.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { assertExit, runCli } from './support/run-cli.ts';
import { startTestLevqor, TEST_MASTER_KEY, type TestLevqor } from './support/test-levqor.ts';

const STARTER_FILE = fileURLToPath(new URL('../packs/starter.yaml', import.meta.url));
const STARTER = readFileSync(STARTER_FILE, 'utf8');
/** Tables where a secret value must never appear in plaintext. */
const SCANNED = ['secrets', 'workspace_keys', 'pack_imports', 'pack_workflows', 'audit_events', 'runs', 'run_steps', 'workflow_versions'] as const;

const secretValue = () => `tok-${randomBytes(12).toString('hex')}`;

for (const kind of databaseKinds()) {
  describe(`pack import with secrets (${kind})`, () => {
    let levqor: TestLevqor;
    let jobApi: Awaited<ReturnType<typeof startLocalHttp>>;

    const newWorkspace = async () => {
      const tag = randomBytes(4).toString('hex');
      const w = await levqor.workspaces.create(levqor.database.db, { name: `Secrets ${tag}`, slug: `sec-${tag}`, kind: 'standard', parentId: null, owner: null });
      return { id: w.id, slug: w.slug };
    };
    const request = (workspace: { id: string; slug: string }, extra: Partial<ImportRequest> = {}): ImportRequest => ({
      workspace, text: STARTER, source: 'test', variables: { jobApiUrl: jobApi.url }, activate: false, dryRun: false, publicUrl: 'https://levqor.example.com', actor: 'test', secretStore: levqor.secrets, ...extra,
    });
    const run = (r: ImportRequest) => importPack(levqor.database.db, levqor.registry, r);
    const secretRows = (workspaceId: string) => levqor.database.db.selectFrom('secrets').select('name').where('workspace_id', '=', workspaceId).execute();
    const keyRows = (workspaceId: string) => levqor.database.db.selectFrom('workspace_keys').select('workspace_id').where('workspace_id', '=', workspaceId).execute();
    /** Every row of the scanned tables that holds `value` as text. */
    const rowsHolding = async (value: string) => {
      const found: string[] = [];
      for (const table of SCANNED) {
        const { rows } = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(table)} t`.execute(levqor.database.db);
        for (const r of rows) if (r.j.includes(value)) found.push(`${table}: ${r.j.slice(0, 200)}`);
      }
      return found;
    };

    before(async () => {
      levqor = await startTestLevqor(kind, { env: { LEVQOR_PUBLIC_URL: 'https://levqor.example.com' } });
      jobApi = await startLocalHttp((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `job-${jobApi.received.length}` }));
      });
    });
    after(async () => {
      await jobApi?.close();
      await levqor?.close();
    });

    test('an API import sets the secrets its workflows read; a run uses them; the value is stored nowhere in plaintext', async () => {
      const value = secretValue();
      const home = (await levqor.workspaces.findBySlug('default'))!.id;
      const dry = await levqor.api('POST', '/api/v1/packs/import', { pack: STARTER, variables: { jobApiUrl: jobApi.url }, secrets: { JOB_API_TOKEN: value }, dry_run: true });
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.deepEqual(dry.body.plan.secrets, [{ name: 'JOB_API_TOKEN', present: false, status: 'create' }]);
      assert.ok(!JSON.stringify(dry.body).includes(value));
      assert.equal(await levqor.secrets.get(home, 'JOB_API_TOKEN'), undefined, 'a dry run sets nothing');

      const { status, body } = await levqor.api('POST', '/api/v1/packs/import', { pack: STARTER, variables: { jobApiUrl: jobApi.url }, secrets: { JOB_API_TOKEN: value }, activate: true });
      assert.equal(status, 201, JSON.stringify(body));
      assert.deepEqual(body.secretsSet, ['JOB_API_TOKEN']);
      assert.deepEqual(body.plan.secrets, [{ name: 'JOB_API_TOKEN', present: false, status: 'create' }]);
      assert.ok(!JSON.stringify(body).includes(value), 'the response never holds the value');
      assert.equal(await levqor.secrets.get(home, 'JOB_API_TOKEN'), value);

      // The imported workflow's run sends the secret to the job API.
      const hook = await levqor.server!.inject({ method: 'POST', url: '/hooks/default/jobs/submit', payload: { kind: 'render' } });
      assert.equal(hook.statusCode, 202, hook.body);
      assert.equal(JSON.parse(hook.body).status, 'queued');
      const sent = jobApi.received.at(-1)!;
      assert.equal(sent.url, '/jobs');
      assert.equal(sent.headers.authorization, `Bearer ${value}`);

      assert.deepEqual(await rowsHolding(value), []);
      const [imported] = await levqor.database.db.selectFrom('pack_imports').select('changes').where('workspace_id', '=', home).execute();
      assert.deepEqual((imported.changes as { secretsSet: string[] }).secretsSet, ['JOB_API_TOKEN']);
      const audit = await levqor.database.db.selectFrom('audit_events').select('details').where('workspace_id', '=', home).where('action', '=', 'pack.import').execute();
      assert.deepEqual(audit.map((a) => (a.details as { secretsSet: string[] }).secretsSet), [['JOB_API_TOKEN']]);

      // Given again without overwrite_secrets, the existing value is kept (the plan says so).
      const again = await levqor.api('POST', '/api/v1/packs/import', { pack: STARTER, variables: { jobApiUrl: jobApi.url }, secrets: { JOB_API_TOKEN: 'other-value' }, dry_run: true });
      assert.deepEqual(again.body.plan.secrets, [{ name: 'JOB_API_TOKEN', present: true, status: 'kept' }]);
    });

    test('unknown, reserved and invalid secrets are refused with 422 naming them; nothing is created', async () => {
      const unknown = await levqor.api('POST', '/api/v1/packs/import', { pack: STARTER, variables: { jobApiUrl: jobApi.url }, secrets: { NOT_READ: 'x', JOB_API_TOKEN: 'y' } });
      assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
      assert.equal(unknown.body.error.code, 'validation_failed');
      assert.match(unknown.body.error.message, /secrets\.NOT_READ: pack "starter" does not use secret "NOT_READ"; its workflows read JOB_API_TOKEN/);
      assert.deepEqual(unknown.body.error.details.map((d: { path: string }) => d.path), ['secrets.NOT_READ']);

      const workspace = await newWorkspace();
      const refusedWith = async (secrets: Record<string, string>, pattern: RegExp) => {
        const error = await run(request(workspace, { secrets })).then(() => assert.fail('expected a refusal'), (e: unknown) => e);
        assert.ok(error instanceof Refusal && error.status === 422 && error.code === 'validation_failed', String(error));
        assert.match(error.message, pattern);
      };
      await refusedWith({ job_api_token: 'x' }, /secret name "job_api_token" is not valid: use 1 to 64 upper-case letters/);
      await refusedWith({ SSO_CLIENT_SECRET: 'x' }, /"SSO_CLIENT_SECRET" is reserved/);
      await refusedWith({ JOB_API_TOKEN: '' }, /secrets\.JOB_API_TOKEN: secret "JOB_API_TOKEN": value must not be empty/);
      await refusedWith({ JOB_API_TOKEN: 'x'.repeat(64 * 1024 + 1) }, /the limit is 65536 bytes/);
      assert.deepEqual(await secretRows(workspace.id), []);
      assert.deepEqual(await levqor.database.db.selectFrom('workflows').select('id').where('workspace_id', '=', workspace.id).execute(), []);
    });

    test('a failure late in the import rolls the secrets back, the new data key included', async () => {
      const workspace = await newWorkspace();
      const value = secretValue();
      const seen: string[] = [];
      await assert.rejects(
        run(request(workspace, {
          secrets: { JOB_API_TOKEN: value },
          onProgress: (p) => {
            seen.push(`[${p.index}/${p.total}] ${p.kind} ${p.name} … ${p.outcome}`);
            if (p.index === p.total) throw new Error('injected failure after the secret');
          },
        })),
        /injected failure/,
      );
      assert.equal(seen.at(-1), '[4/4] secret JOB_API_TOKEN … created');
      assert.deepEqual(await secretRows(workspace.id), []);
      assert.deepEqual(await keyRows(workspace.id), [], 'the data key created in the import is rolled back too');
      assert.deepEqual(await levqor.database.db.selectFrom('pack_imports').select('id').where('workspace_id', '=', workspace.id).execute(), []);

      // The rolled-back data key was not kept in memory: secrets written afterwards still decrypt from the stored key.
      await levqor.secrets.put(workspace.id, 'OTHER', 'after the rollback');
      levqor.secrets.forgetDataKeys();
      assert.equal(await levqor.secrets.get(workspace.id, 'OTHER'), 'after the rollback');

      const result = await run(request(workspace, { secrets: { JOB_API_TOKEN: value } }));
      assert.deepEqual(result.secretsSet, ['JOB_API_TOKEN']);
      levqor.secrets.forgetDataKeys();
      assert.equal(await levqor.secrets.get(workspace.id, 'JOB_API_TOKEN'), value);
      assert.deepEqual(await rowsHolding(value), []);
    });

    test('an existing secret is kept unless overwrite_secrets; the plan says present, kept or replace', async () => {
      const workspace = await newWorkspace();
      await levqor.secrets.put(workspace.id, 'JOB_API_TOKEN', 'old value');
      const plain = await run(request(workspace, { dryRun: true }));
      assert.deepEqual(plain.plan.secrets, [{ name: 'JOB_API_TOKEN', present: true, status: 'present' }]);

      const kept = await run(request(workspace, { secrets: { JOB_API_TOKEN: 'new value' } }));
      assert.deepEqual(kept.plan.secrets, [{ name: 'JOB_API_TOKEN', present: true, status: 'kept' }]);
      assert.deepEqual(kept.secretsSet, []);
      assert.equal(await levqor.secrets.get(workspace.id, 'JOB_API_TOKEN'), 'old value');

      const dry = await run(request(workspace, { secrets: { JOB_API_TOKEN: 'new value' }, overwriteSecrets: true, dryRun: true }));
      assert.deepEqual(dry.plan.secrets, [{ name: 'JOB_API_TOKEN', present: true, status: 'replace' }]);
      assert.equal(await levqor.secrets.get(workspace.id, 'JOB_API_TOKEN'), 'old value');

      const progress: string[] = [];
      const replaced = await run(request(workspace, { secrets: { JOB_API_TOKEN: 'new value' }, overwriteSecrets: true, onProgress: (p) => void progress.push(`${p.kind} ${p.name} … ${p.outcome}`) }));
      assert.deepEqual(replaced.secretsSet, ['JOB_API_TOKEN']);
      assert.equal(progress.at(-1), 'secret JOB_API_TOKEN … replaced');
      assert.equal(await levqor.secrets.get(workspace.id, 'JOB_API_TOKEN'), 'new value');
    });
  });
}

// The CLI as users run it: the built package when it holds this feature (npm test builds first), else the sources.

/** The CLI without a master key unless the test gives one. */
const cli = (args: string[], env: Record<string, string | undefined>) => runCli(args, { LEVQOR_MASTER_KEY: undefined, ...env });

describe('levqor pack import --secret (CLI)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'levqor-pack-secrets-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('@file and env: values are set in the import; plain values are refused; the master key is required', async () => {
    const dataDir = join(dir, 'data');
    const database: TestDatabase = { name: 'pglite', target: { kind: 'pglite', dataDir }, dispose: async () => {} };
    const secretOf = async (name: string) => {
      const levqor = await startTestLevqor('pglite', { database, roles: { worker: false } });
      try {
        return await levqor.secrets.get((await levqor.workspaces.findBySlug('default'))!.id, name);
      } finally {
        await levqor.close();
      }
    };
    await (await startTestLevqor('pglite', { database, roles: { worker: false } })).close();
    const env = { LEVQOR_DATA_DIR: dataDir, LEVQOR_MASTER_KEY: TEST_MASTER_KEY };
    const base = ['pack', 'import', STARTER_FILE, '--set', 'jobApiUrl=https://jobs.example.com', '--no-probe'];

    const plain = await cli([...base, '--secret', 'JOB_API_TOKEN=hunter2-plain'], env);
    assertExit(plain, 2);
    assert.match(plain.stderr, /--secret JOB_API_TOKEN: a value typed on the command line ends up in the shell history and in process lists/);
    assert.match(plain.stderr, /--secret NAME=@FILE .* or --secret NAME=env:VAR/);
    assert.ok(!plain.stderr.includes('hunter2-plain'), 'the refusal does not echo the value');

    const file = join(dir, 'token.txt');
    await writeFile(file, 'tok-from-file\n');
    const noKey = await cli([...base, '--secret', `JOB_API_TOKEN=@${file}`], { LEVQOR_DATA_DIR: dataDir });
    assertExit(noKey, 1);
    assert.match(noKey.stderr, /cannot set secrets: no master key: LEVQOR_MASTER_KEY is not set/);

    const missing = await cli([...base, '--dry-run'], env);
    assertExit(missing, 0);
    assert.match(missing.stderr, /Warning: secrets missing .*: JOB_API_TOKEN/);

    const fromFile = await cli([...base, '--secret', `JOB_API_TOKEN=@${file}`], env);
    assertExit(fromFile, 0);
    assert.match(fromFile.stdout, /secret JOB_API_TOKEN: will be created/);
    assert.match(fromFile.stdout, /\[4\/4\] secret JOB_API_TOKEN … created/);
    assert.ok(!`${fromFile.stdout}${fromFile.stderr}`.includes('tok-from-file'));
    assert.equal(await secretOf('JOB_API_TOKEN'), 'tok-from-file', 'the trailing newline is dropped');

    const unset = await cli([...base, '--secret', 'JOB_API_TOKEN=env:LEVQOR_TEST_UNSET_TOKEN'], env);
    assertExit(unset, 2);
    assert.match(unset.stderr, /the environment variable LEVQOR_TEST_UNSET_TOKEN is not set/);

    const kept = await cli([...base, '--secret', 'JOB_API_TOKEN=env:JOB_TOKEN'], { ...env, JOB_TOKEN: 'tok-from-env' });
    assertExit(kept, 0);
    assert.match(kept.stdout, /secret JOB_API_TOKEN … kept/);

    const replaced = await cli([...base, '--secret', 'JOB_API_TOKEN=env:JOB_TOKEN', '--overwrite-secrets'], { ...env, JOB_TOKEN: 'tok-from-env' });
    assertExit(replaced, 0);
    assert.match(replaced.stdout, /secret JOB_API_TOKEN … replaced/);
    assert.ok(!`${replaced.stdout}${replaced.stderr}`.includes('tok-from-env'));
    assert.equal(await secretOf('JOB_API_TOKEN'), 'tok-from-env');

    const unknown = await cli([...base, '--secret', 'NOT_READ=env:JOB_TOKEN'], { ...env, JOB_TOKEN: 'x' });
    assertExit(unknown, 1);
    assert.match(unknown.stderr, /pack "starter" does not use secret "NOT_READ"/);
  });
});
