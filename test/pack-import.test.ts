import assert from 'node:assert/strict';
import { Refusal } from '../src/contracts/refusal.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { exportPack } from '../src/packs/export-pack.ts';
import { fetchPackText } from '../src/packs/import/fetch-pack.ts';
import { importPack, type ImportRequest } from '../src/packs/import/import-pack.ts';
import { describePlan } from '../src/packs/import/import-plan.ts';
import { parseSetOptions } from '../src/packs/import/import-variables.ts';
import { readPack, withPackChecksum } from '../src/packs/load-pack.ts';
import { TableStore } from '../src/tables/table-store.ts';
import { createTestDatabase, databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { assertExit, runCli } from './support/run-cli.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PACKS = fileURLToPath(new URL('../packs/', import.meta.url));
const STARTER = readFileSync(`${PACKS}starter.yaml`, 'utf8');
const JOB_API = 'https://jobs.example.com';

/** Rejects with a Refusal of this status and code (the assertion fails otherwise). */
async function refused(promise: Promise<unknown>, status: number, code: string): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Refusal, `expected a Refusal, got ${String(error)}`);
    assert.deepEqual([error.status, error.code], [status, code], error.message);
    return error;
  }
  assert.fail(`expected ${status} ${code}, but it succeeded`);
}

for (const kind of databaseKinds()) {
  describe(`pack import and export (${kind})`, () => {
    let levqor: TestLevqor;
    let site: Awaited<ReturnType<typeof startLocalHttp>>;

    const newWorkspace = async () => {
      const tag = randomBytes(4).toString('hex');
      const w = await levqor.workspaces.create(levqor.database.db, { name: `Pack ${tag}`, slug: `pack-${tag}`, kind: 'standard', parentId: null, owner: null });
      return { id: w.id, slug: w.slug };
    };
    const request = (workspace: { id: string; slug: string }, extra: Partial<ImportRequest> = {}): ImportRequest => ({
      workspace, text: STARTER, source: 'test', variables: { jobApiUrl: JOB_API }, activate: false, dryRun: false, publicUrl: 'https://levqor.example.com', actor: 'test', ...extra,
    });
    const run = (r: ImportRequest) => importPack(levqor.database.db, levqor.registry, r);
    const workflowsOf = (workspaceId: string) =>
      levqor.database.db.selectFrom('workflows').select(['id', 'name', 'current_version', 'active', 'hook_path']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).orderBy('name').execute();
    const tablesOf = async (workspaceId: string) => (await new TableStore(levqor.database.db).listTables(workspaceId, { limit: 100 })).map((t) => t.name);
    const importsOf = (workspaceId: string) => levqor.database.db.selectFrom('pack_imports').selectAll().where('workspace_id', '=', workspaceId).execute();

    before(async () => {
      levqor = await startTestLevqor(kind, { env: { LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST: 'true', LEVQOR_PUBLIC_URL: 'https://levqor.example.com' } });
      site = await startLocalHttp((req, res) => {
        const path = req.url;
        if (path === '/starter.yaml') return res.end(STARTER);
        if (path === '/big.yaml') return res.end(`# ${'x'.repeat(2 * 1024 * 1024)}\n`);
        if (path === '/slow.yaml') return new Promise(() => {}); // never answers
        if (path === '/page.html') return res.end('<html><body>Not a pack</body></html>');
        if (path === '/invalid.yaml') return res.end('id: Bad Id\nname: x\n');
        if (path === '/tampered.yaml') return res.end(withPackChecksum(STARTER).replace('ops@example.com', 'evil@example.com'));
        if (path === '/moved.yaml') {
          res.statusCode = 302;
          res.setHeader('location', '/starter.yaml');
          return res.end();
        }
        res.statusCode = 404;
        res.end('not found');
      });
    });
    after(async () => {
      await site?.close();
      await levqor?.close();
    });

    test('a dry run returns the plan and changes nothing', async () => {
      const { status, body } = await levqor.api('POST', '/api/v1/packs/import', { pack: STARTER, variables: { jobApiUrl: JOB_API }, dry_run: true });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.dryRun, true);
      assert.deepEqual(body.plan.tables.map((t: any) => [t.name, t.action, t.columns.length]), [['jobs', 'create', 5]]);
      assert.deepEqual(body.plan.workflows.map((w: any) => [w.id, w.action, w.workflowId, w.active]), [['submit-job', 'create', null, false], ['job-status', 'create', null, false]]);
      assert.deepEqual(body.plan.endpoints.map((e: any) => `${e.method} ${e.url}`), ['POST https://levqor.example.com/hooks/default/jobs/submit', 'POST https://levqor.example.com/hooks/default/jobs/status']);
      assert.deepEqual(body.plan.secrets, [{ name: 'JOB_API_TOKEN', present: false, status: 'missing' }]);
      assert.equal(body.plan.variables.notifyEmail, 'ops@example.com');
      const home = (await levqor.workspaces.findBySlug('default'))!.id;
      assert.deepEqual(await workflowsOf(home), []);
      assert.deepEqual(await tablesOf(home), []);
      assert.deepEqual(await importsOf(home), []);
    });

    test('an import over the API creates tables and workflows, activates them and checks every endpoint', async () => {
      const { status, body } = await levqor.api('POST', '/api/v1/packs/import', { pack: STARTER, variables: { jobApiUrl: JOB_API, notifyEmail: 'jobs@example.com' }, activate: true });
      assert.equal(status, 201, JSON.stringify(body));
      const home = (await levqor.workspaces.findBySlug('default'))!.id;
      assert.deepEqual(await tablesOf(home), ['jobs']);
      const workflows = await workflowsOf(home);
      assert.deepEqual(workflows.map((w) => [w.name, w.current_version, w.active, w.hook_path]), [['Submit a job', 1, true, 'jobs/submit'], ['Track job status', 1, true, 'jobs/status']]);
      assert.deepEqual(body.checks.workflows.map((c: any) => [c.id, c.valid]), [['submit-job', true], ['job-status', true]]);
      assert.deepEqual(body.checks.endpoints.map((e: any) => [e.workflow, e.result]), [['submit-job', 'reachable'], ['job-status', 'reachable']]);
      const stored = await levqor.workflows.version(home, body.workflowIds['job-status'], 1);
      assert.deepEqual(stored!.definition.vars, { fromEmail: 'Levqor <noreply@example.com>', notifyEmail: 'jobs@example.com' });
      const [record] = await importsOf(home);
      assert.equal(record.pack_id, 'starter');
      assert.equal(record.source, 'api');
      assert.match(record.checksum, /^sha256:[0-9a-f]{64}$/);

      // The endpoint probe never starts a run.
      const probe = await levqor.server!.inject({ method: 'HEAD', url: '/hooks/default/jobs/submit' });
      assert.equal(probe.statusCode, 204);
      assert.equal(probe.headers.allow, 'POST');
      assert.equal((await levqor.server!.inject({ method: 'HEAD', url: '/hooks/default/no/such/path' })).statusCode, 404);
      assert.equal((await levqor.api('GET', '/api/v1/runs')).body.items.length, 0);
    });

    test('re-importing is idempotent; a changed variable gives a new version of the workflows that read it', async () => {
      const workspace = await newWorkspace();
      await run(request(workspace));
      const again = await run(request(workspace));
      assert.deepEqual(again.plan.tables.map((t) => t.action), ['unchanged']);
      assert.deepEqual(again.plan.workflows.map((w) => [w.action, w.matchedBy, w.toVersion]), [['unchanged', 'pack', 1], ['unchanged', 'pack', 1]]);

      const changed = await run(request(workspace, { variables: { jobApiUrl: JOB_API, notifyEmail: 'new@example.com' } }));
      assert.deepEqual(changed.plan.workflows.map((w) => [w.id, w.action, w.fromVersion, w.toVersion]), [['submit-job', 'unchanged', 1, 1], ['job-status', 'update', 1, 2]]);
      assert.deepEqual((await workflowsOf(workspace.id)).map((w) => [w.name, w.current_version]), [['Submit a job', 1], ['Track job status', 2]]);
      assert.equal((await importsOf(workspace.id)).length, 3);
    });

    test("the plan says when an update replaces a definition the pack did not write (edited since the import, or a same-named workflow)", async () => {
      const workspace = await newWorkspace();
      const first = await run(request(workspace));
      const statusId = first.workflowIds!['job-status'];
      const stored = await levqor.workflows.version(workspace.id, statusId, 1);
      // The user edits the imported workflow (v2), then imports the pack again.
      await levqor.workflows.update(workspace.id, statusId, { ...stored!.definition, name: 'Track job status', steps: stored!.definition.steps.slice(0, 1) } as never, { text: null, format: 'json' });
      const again = await run(request(workspace));
      assert.deepEqual(again.plan.workflows.map((w) => [w.id, w.action, w.fromVersion, w.toVersion, w.replaces]), [
        ['submit-job', 'unchanged', 1, 1, null],
        ['job-status', 'update', 2, 3, { reason: 'edited_since_import', importedVersion: 1 }],
      ]);
      assert.ok(describePlan(again.plan).some((line) => /replaces changes made since the last import \(which left v1\); v2 stays in the workflow's history/.test(line)));
      // The import left v3: importing once more replaces nothing.
      assert.deepEqual((await run(request(workspace))).plan.workflows.map((w) => [w.action, w.replaces]), [['unchanged', null], ['unchanged', null]]);

      // A workflow of the same name that this pack never imported.
      const other = await newWorkspace();
      await levqor.workflows.create(other.id, { name: 'Submit a job', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform' }] } as never, { text: null, format: 'json' });
      const named = await run(request(other, { dryRun: true }));
      assert.deepEqual(named.plan.workflows.map((w) => [w.id, w.action, w.matchedBy, w.replaces]), [
        ['submit-job', 'update', 'name', { reason: 'not_from_this_pack' }],
        ['job-status', 'create', null, null],
      ]);
    });

    test('a missing column is added to an existing table; a column of another type is refused', async () => {
      const workspace = await newWorkspace();
      const tables = new TableStore(levqor.database.db);
      await tables.createTable(workspace.id, 'jobs', [{ name: 'job_id', type: 'text', required: true, unique: true }, { name: 'kind', type: 'text' }, { name: 'status', type: 'text' }, { name: 'extra', type: 'number' }]);
      const plan = (await run(request(workspace, { dryRun: true }))).plan;
      assert.deepEqual(plan.tables.map((t) => [t.action, t.columns.map((c) => c.name)]), [['add_columns', ['detail', 'submitted_at']]]);
      await run(request(workspace));
      assert.deepEqual((await tables.getTable(workspace.id, 'jobs'))!.columns.map((c) => c.name), ['job_id', 'kind', 'status', 'extra', 'detail', 'submitted_at']);

      const other = await newWorkspace();
      await tables.createTable(other.id, 'jobs', [{ name: 'job_id', type: 'text' }, { name: 'status', type: 'number' }]);
      const error = await refused(run(request(other)), 409, 'import_conflict');
      assert.match(error.message, /column "status" as number, the pack declares text/);
      assert.deepEqual((error.details as { path: string }[]).map((d) => d.path), ['tables[0].columns.status']);
      assert.deepEqual(await workflowsOf(other.id), []);
    });

    test('a webhook path used by another workflow is a conflict; nothing is written', async () => {
      const workspace = await newWorkspace();
      await levqor.workflows.create(workspace.id, { name: 'Mine', trigger: { type: 'webhook', path: 'jobs/status', methods: ['POST'], respond: 'async', timeout: '30s' }, steps: [{ id: 'x', type: 'stop', with: {} }], vars: {} } as any, { text: null, format: 'json' });
      const error = await refused(run(request(workspace)), 409, 'import_conflict');
      assert.match(error.message, /webhook path "jobs\/status" is used by workflow "Mine"/);
      assert.deepEqual(await tablesOf(workspace.id), []);
      assert.deepEqual((await workflowsOf(workspace.id)).map((w) => w.name), ['Mine']);
    });

    test('a failure at the last item leaves nothing behind', async () => {
      const workspace = await newWorkspace();
      const seen: string[] = [];
      await assert.rejects(
        run(request(workspace, {
          onProgress: (p) => {
            seen.push(`[${p.index}/${p.total}] ${p.kind} ${p.name} … ${p.outcome}`);
            if (p.index === p.total) throw new Error('injected failure at the last workflow');
          },
        })),
        /injected failure/,
      );
      assert.deepEqual(seen, ['[1/3] table jobs … created', '[2/3] workflow submit-job … created (v1)', '[3/3] workflow job-status … created (v1)']);
      assert.deepEqual(await tablesOf(workspace.id), []);
      assert.deepEqual(await workflowsOf(workspace.id), []);
      assert.deepEqual(await importsOf(workspace.id), []);
      assert.equal((await levqor.database.db.selectFrom('pack_workflows').select('pack_id').where('workspace_id', '=', workspace.id).execute()).length, 0);
    });

    test('variables: --set values are injected, a missing required one is named, an unknown one refused', async () => {
      const workspace = await newWorkspace();
      const missing = await refused(run(request(workspace, { variables: {} })), 422, 'validation_failed');
      assert.match(missing.message, /variables\.jobApiUrl: required \(Base URL of your job API.*--set jobApiUrl=/);
      await refused(run(request(workspace, { variables: { jobApiUrl: JOB_API, nope: 1 } })), 422, 'validation_failed');

      const pack = readPack(STARTER, levqor.registry);
      assert.ok(pack.ok);
      assert.deepEqual(parseSetOptions(['jobApiUrl=https://a.example/x=1', 'notifyEmail=me@example.com'], pack.pack), { jobApiUrl: 'https://a.example/x=1', notifyEmail: 'me@example.com' });
      assert.throws(() => parseSetOptions(['jobApiUrl'], pack.pack), /expected name=value/);
      const result = await run(request(workspace, { variables: (p) => parseSetOptions([`jobApiUrl=${JOB_API}/v2`], p) }));
      const stored = await levqor.workflows.version(workspace.id, result.workflowIds['submit-job'], 1);
      assert.deepEqual(stored!.definition.vars, { jobApiUrl: `${JOB_API}/v2` });
    });

    test('concurrent imports of a pack into one workspace are serialized: one set of workflows, no failure', async () => {
      const workspace = await newWorkspace();
      const results = await Promise.allSettled([run(request(workspace)), run(request(workspace)), run(request(workspace))]);
      assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason))), ['ok', 'ok', 'ok']);
      assert.deepEqual((await workflowsOf(workspace.id)).map((w) => [w.name, w.current_version]), [['Submit a job', 1], ['Track job status', 1]]);
      assert.deepEqual(await tablesOf(workspace.id), ['jobs']);
      const actions = results.map((r) => (r.status === 'fulfilled' ? r.value.plan.workflows.map((w) => w.action).join(',') : '')).sort();
      assert.deepEqual(actions, ['create,create', 'unchanged,unchanged', 'unchanged,unchanged']);
    });

    test('the audit event is written in the import\'s transaction (also for the CLI); a failed import records none', async () => {
      const workspace = await newWorkspace();
      const auditOf = () => levqor.database.db.selectFrom('audit_events').select(['actor_type', 'actor_label', 'target_id', 'details']).where('workspace_id', '=', workspace.id).where('action', '=', 'pack.import').execute();
      await assert.rejects(run(request(workspace, { actor: 'cli:ops', onProgress: (p) => { if (p.index === p.total) throw new Error('injected'); } })), /injected/);
      assert.deepEqual(await auditOf(), []);
      const result = await run(request(workspace, { actor: 'cli:ops' }));
      const events = await auditOf();
      assert.deepEqual(events.map((e) => [e.actor_type, e.actor_label, e.target_id]), [['system', 'cli:ops', 'starter']]);
      assert.equal((events[0].details as { importId: string }).importId, result.importId);
    });

    test('import by URL: the pack is fetched and imported; each failure has its own error', async () => {
      const { status, body } = await levqor.api('POST', '/api/v1/packs/import', { url: `${site.url}/starter.yaml`, variables: { jobApiUrl: JOB_API }, dry_run: true });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.plan.pack.id, 'starter');
      const both = await levqor.api('POST', '/api/v1/packs/import', { url: `${site.url}/starter.yaml`, pack: STARTER });
      assert.deepEqual([both.status, both.body.error.code], [400, 'validation_failed']);

      const local = { outboundAllow: ['127.0.0.1'], allowHttpLocalhost: true };
      await refused(fetchPackText(`${site.url}/starter.yaml`, { ...local, allowHttpLocalhost: false }), 400, 'url_not_allowed');
      await refused(fetchPackText('http://packs.example.com/starter.yaml', local), 400, 'url_not_allowed');
      await refused(fetchPackText('ftp://packs.example.com/starter.yaml', local), 400, 'url_not_allowed');
      await refused(fetchPackText('not a url', local), 400, 'url_not_allowed');
      const blocked = await refused(fetchPackText('https://10.1.2.3/starter.yaml', local), 403, 'address_blocked');
      assert.match(blocked.message, /private/);
      await refused(fetchPackText(`${site.url}/big.yaml`, local), 413, 'pack_too_large');
      await refused(fetchPackText(`${site.url}/slow.yaml`, { ...local, timeoutMs: 300 }), 504, 'fetch_timeout');
      const missing = await refused(fetchPackText(`${site.url}/missing.yaml`, local), 502, 'fetch_failed');
      assert.match(missing.message, /HTTP 404/);
      const moved = await refused(fetchPackText(`${site.url}/moved.yaml`, local), 502, 'fetch_failed');
      assert.match(moved.message, /redirects are not followed/);

      const workspace = await newWorkspace();
      const fetched = async (path: string) => run(request(workspace, { text: await fetchPackText(`${site.url}${path}`, local), source: `${site.url}${path}` }));
      await refused(fetched('/page.html'), 422, 'not_yaml');
      const invalid = await refused(fetched('/invalid.yaml'), 422, 'invalid_pack');
      assert.ok((invalid.details as { path: string }[]).some((d) => d.path === 'id'));
      await refused(fetched('/tampered.yaml'), 422, 'checksum_mismatch');
      assert.deepEqual(await workflowsOf(workspace.id), []);
    });

    test('export round trip: export A, import into B, export B gives the same pack', async () => {
      const a = await newWorkspace();
      await run(request(a, { variables: { jobApiUrl: JOB_API, notifyEmail: 'a@example.com' } }));
      await levqor.workflows.create(a.id, { name: 'Daily ping', trigger: { type: 'manual' }, steps: [{ id: 'hi', type: 'transform', with: { set: { url: '{{ vars.pingUrl }}' } } }], vars: { pingUrl: 'https://ping.example.com' } } as any, { text: null, format: 'json' });
      await new TableStore(levqor.database.db).createTable(a.id, 'notes', [{ name: 'text', type: 'text' }]);

      const options = { id: 'round-trip', name: 'Round trip', version: '2.0.0' };
      const exportedA = await exportPack(levqor.database.db, levqor.registry, a.id, options);
      assert.ok(readPack(exportedA.text, levqor.registry).ok, 'the export validates as a pack');
      assert.ok(!exportedA.text.includes('vars:'), 'workflows carry no vars of their own');
      const packA = parseYaml(exportedA.text);
      assert.deepEqual(packA.workflows.map((w: any) => w.id), ['daily-ping', 'job-status', 'submit-job']);
      assert.deepEqual(packA.variables.map((v: any) => [v.name, v.default]), [['fromEmail', 'Levqor <noreply@example.com>'], ['jobApiUrl', JOB_API], ['notifyEmail', 'a@example.com'], ['pingUrl', 'https://ping.example.com']]);
      assert.deepEqual(packA.tables.map((t: any) => t.name), ['jobs', 'notes']);
      assert.deepEqual(packA.endpoints, [{ workflow: 'job-status', path: 'jobs/status', method: 'POST' }, { workflow: 'submit-job', path: 'jobs/submit', method: 'POST' }]);
      assert.match(exportedA.text, /\{\{ secrets\.JOB_API_TOKEN \}\}/);

      const b = await newWorkspace();
      await run(request(b, { text: exportedA.text, variables: {} }));
      const packB = parseYaml((await exportPack(levqor.database.db, levqor.registry, b.id, options)).text);
      const comparable = (p: any) => ({ ...p, description: undefined, checksum: undefined });
      assert.deepEqual(comparable(packB), comparable(packA));

      // Re-importing A's own export into A changes nothing (matched by name, then by pack origin).
      const back = await run(request(a, { text: exportedA.text, variables: {} }));
      assert.deepEqual(back.plan.workflows.map((w) => w.action), ['unchanged', 'unchanged', 'unchanged']);
      assert.deepEqual(back.plan.tables.map((t) => t.action), ['unchanged', 'unchanged']);
    });

    test('GET /api/v1/packs/export returns the workspace as YAML', async () => {
      const response = await levqor.server!.inject({ method: 'GET', url: '/api/v1/packs/export?pack_id=home&pack_version=1.2.3', headers: { authorization: `Bearer ${(await import('./support/test-levqor.ts')).TEST_API_KEY}` } });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^application\/yaml/);
      const result = readPack(response.body, levqor.registry);
      assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
      assert.equal(result.pack.id, 'home');
      assert.equal(result.pack.version, '1.2.3');
      const bad = await levqor.api('GET', '/api/v1/packs/export?pack_version=one');
      assert.deepEqual([bad.status, bad.body.error.code], [400, 'validation_failed']);
    });
  });
}

// The CLI as users run it: the built package when it holds these commands (npm test builds first), else the sources.

describe('levqor pack import / export (CLI)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'levqor-pack-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('embedded database: plan, import with a line per item, export, validate the export', async () => {
    const dataDir = join(dir, 'data');
    // A first start creates the default workspace; the CLI works on the stopped database.
    const first = await startTestLevqor('pglite', { database: { name: 'pglite', target: { kind: 'pglite', dataDir }, dispose: async () => {} } });
    await first.close();
    const env = { LEVQOR_DATA_DIR: dataDir };
    const starter = join(PACKS, 'starter.yaml');

    const missing = await runCli(['pack', 'import', starter, '--dry-run'], env);
    assertExit(missing, 1);
    assert.match(missing.stderr, /variables\.jobApiUrl: required/);

    const dry = await runCli(['pack', 'import', starter, '--set', `jobApiUrl=${JOB_API}`, '--dry-run'], env);
    assertExit(dry, 0);
    assert.match(dry.stdout, /table jobs: create \(job_id text/);
    assert.match(dry.stdout, /workflow submit-job "Submit a job": create, inactive/);
    assert.match(dry.stdout, /endpoint POST http:\/\/127\.0\.0\.1:0\/hooks\/default\/jobs\/submit → submit-job/);
    assert.match(dry.stdout, /Dry run: nothing was changed\./);

    const applied = await runCli(['pack', 'import', starter, '--set', `jobApiUrl=${JOB_API}`, '--set', 'notifyEmail=cli@example.com'], env);
    assertExit(applied, 0);
    assert.match(applied.stdout, /\[1\/3\] table jobs … created\n\[2\/3\] workflow submit-job … created \(v1\)\n\[3\/3\] workflow job-status … created \(v1\)/);
    assert.match(applied.stdout, /✔ workflow job-status v1 \(.+\) valid/);
    assert.match(applied.stdout, /– endpoint POST .*jobs\/status: skipped \(the workflow is inactive/);

    const again = await runCli(['pack', 'import', starter, '--set', `jobApiUrl=${JOB_API}`, '--set', 'notifyEmail=cli@example.com', '--dry-run'], env);
    assertExit(again, 0);
    assert.match(again.stdout, /workflow job-status "Track job status": unchanged \(v1, matched by pack\)/);

    const out = join(dir, 'export.yaml');
    assertExit(await runCli(['pack', 'export', '--workspace', 'default', '--out', out, '--id', 'cli-export'], env), 0);
    const validated = await runCli(['pack', 'validate', out], env);
    assertExit(validated, 0);
    assert.match(validated.stdout, /valid pack cli-export 1\.0\.0/);
  });

  test('PostgreSQL with a running server: --activate, then every endpoint answers the probe', { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const database = await createTestDatabase('postgres');
    const server = await startTestLevqor('postgres', { database, listen: true });
    try {
      const url = `http://127.0.0.1:${(server.server!.server.address() as { port: number }).port}`;
      const result = await runCli(['pack', 'import', join(PACKS, 'starter.yaml'), '--set', `jobApiUrl=${JOB_API}`, '--activate', '--url', url], { DATABASE_URL: (database.target as { url: string }).url });
      assertExit(result, 0);
      assert.match(result.stdout, /\[3\/3\] workflow job-status … created \(v1\), active/);
      assert.match(result.stdout, new RegExp(`✔ endpoint POST ${url}/hooks/default/jobs/submit: reachable`));
      assert.match(result.stdout, /✔ endpoint POST .*jobs\/status: reachable/);
      assert.equal((await server.api('GET', '/api/v1/runs')).body.items.length, 0, 'probing starts no run');
    } finally {
      await server.close();
      await database.dispose();
    }
  });
});
