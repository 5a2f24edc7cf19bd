import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from './support/databases.ts';

// The real CLI, as users run it: `npm test` builds first, so this runs dist/ (src/ when not built).
const BIN = fileURLToPath(new URL('../bin/levqor.js', import.meta.url));
const PROCESS_TIMEOUT_MS = 30_000;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();
let dir: string;

/**
 * Runs `levqor <args>` to completion in the temp directory with a clean environment: no DATABASE_URL
 * (unless given), the embedded database under the temp directory, quiet logs. Killed after a timeout.
 */
function levqor(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = PROCESS_TIMEOUT_MS): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      NODE_TEST_CONTEXT: undefined,
      LEVQOR_DATA_DIR: join(dir, 'default-data'),
      LEVQOR_LOG_LEVEL: 'warn',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`levqor ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Asserts the exit code, showing both streams when it differs. */
function assertExit(result: CliResult, code: number): void {
  assert.equal(result.code, code, `expected exit ${code}, got ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
}

const VALID_YAML = `
name: New lead
trigger: { type: manual }
steps:
  - id: clean
    type: transform
    with:
      set: { email: "{{ $lowercase(trigger.body.email) }}", name: "{{ trigger.body.name }}" }
  - id: route
    type: branch
    with:
      cases: [{ when: "{{ $contains(steps.clean.email, '@example.com') }}", goto: internal }]
      default: external
  - id: internal
    type: transform
    with: { from: "{{ steps.clean }}", set: { lane: internal } }
    next: end
  - id: external
    type: transform
    with: { from: "{{ steps.clean }}", set: { lane: external } }
`;

const INVALID_YAML = `
name: Broken
trigger: { type: schedule, cron: "every tuesday" }
steps:
  - id: call
    type: http
    with: { method: POST }
  - id: notify
    type: slack
    with: { webhookUrl: "ftp://hooks.example.com/x", text: hi }
`;

const FAILING_YAML = `
name: Failing
trigger: { type: manual }
steps:
  - id: prepare
    type: transform
    with: { set: { ready: true } }
  - id: check
    type: branch
    with:
      cases: [{ when: "{{ trigger.body.complete }}", goto: accept }]
  - id: refuse
    type: fail
    with: { message: "the order is incomplete" }
  - id: accept
    type: transform
    with: { set: { accepted: true } }
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levqor-cli-'));
  await writeFile(join(dir, 'lead.yaml'), VALID_YAML);
  await writeFile(join(dir, 'lead.json'), JSON.stringify({ name: 'json', trigger: { type: 'manual' }, steps: [{ id: 'only', type: 'stop' }] }));
  await writeFile(join(dir, 'broken.yaml'), INVALID_YAML);
  await writeFile(join(dir, 'failing.yaml'), FAILING_YAML);
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('levqor help and argument errors', () => {
  test('levqor --help lists every command and exits 0', async () => {
    for (const args of [['--help'], ['-h'], []]) {
      const result = await levqor(args);
      assertExit(result, 0);
      assert.match(result.stdout, /^Usage: levqor <command> \[options\]/);
      for (const name of ['start', 'worker', 'run', 'workflow validate', 'migrate']) {
        assert.match(result.stdout, new RegExp(`^  levqor ${name} +\\S`, 'm'), `"${name}" is listed`);
      }
      assert.equal(result.stderr, '');
    }
  });

  test('each command prints its own usage with --help and exits 0 without doing anything', async () => {
    const cases: [string[], RegExp][] = [
      [['start', '--help'], /^Usage: levqor start \[--port N\] \[--host ADDRESS\]\n[\s\S]*--port N/],
      [['worker', '--help'], /^Usage: levqor worker\n[\s\S]*DATABASE_URL/],
      [['run', '--help'], /^Usage: levqor run <file> \[--input JSON\] \[--json\]\n[\s\S]*--input JSON[\s\S]*--json/],
      [['workflow', 'validate', '--help'], /^Usage: levqor workflow validate <file>\n/],
      [['migrate', '-h'], /^Usage: levqor migrate\n[\s\S]*latest schema/],
    ];
    for (const [args, usage] of cases) {
      // worker --help must not insist on PostgreSQL; run --help must not look for a file.
      const result = await levqor(args);
      assertExit(result, 0);
      assert.match(result.stdout, usage, `levqor ${args.join(' ')}`);
      assert.equal(result.stderr, '');
    }
    assert.equal(existsSync(join(dir, 'default-data')), false, 'no database was opened');
  });

  test('levqor --version prints the package version; a group with --help lists its commands', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = await levqor([flag]);
      assertExit(result, 0);
      assert.equal(result.stdout, `levqor ${version}\n`);
    }
    const workflow = await levqor(['workflow', '--help']);
    assertExit(workflow, 0);
    assert.match(workflow.stdout, /^Usage: levqor workflow <command> \[options\]\n/);
    assert.match(workflow.stdout, /^ {2}levqor workflow validate +Check/m);
    const pack = await levqor(['pack', '-h']);
    assertExit(pack, 0);
    for (const name of ['validate', 'import', 'export', 'grant', 'report']) assert.match(pack.stdout, new RegExp(`^  levqor pack ${name} +\\S`, 'm'));
    assert.doesNotMatch(pack.stdout, /levqor (start|usage)/, 'only the group\'s commands');
    const bare = await levqor(['billing']);
    assertExit(bare, 2);
    assert.match(bare.stderr, /^Usage: levqor billing <command>[\s\S]*levqor billing set-plan/);
  });

  test('an unknown command exits 2 naming it and showing the usage', async () => {
    const result = await levqor(['deploy', 'now']);
    assertExit(result, 2);
    assert.match(result.stderr, /^levqor: unknown command "deploy now"\n/);
    assert.match(result.stderr, /Usage: levqor <command>/);
    assert.equal(result.stdout, '');

    const partial = await levqor(['workflow', 'publish', 'lead.yaml']);
    assertExit(partial, 2);
    assert.match(partial.stderr, /unknown command "workflow publish"/);
  });

  test('an unknown flag exits 2 and points to the command\'s help', async () => {
    const cases: [string[], string, string][] = [
      [['run', 'lead.yaml', '--bogus'], '--bogus', 'levqor run --help'],
      [['workflow', 'validate', 'lead.yaml', '--strict'], '--strict', 'levqor workflow validate --help'],
      [['migrate', '--dry-run'], '--dry-run', 'levqor migrate --help'],
      [['start', '--prot', '1'], '--prot', 'levqor start --help'],
    ];
    for (const [args, flag, help] of cases) {
      const result = await levqor(args);
      assertExit(result, 2);
      assert.match(result.stderr, new RegExp(`^levqor: Unknown option '${flag}'`), `levqor ${args.join(' ')}`);
      assert.ok(result.stderr.includes(`Run "${help}" for its options.`), result.stderr);
      assert.doesNotMatch(result.stderr, /To specify/, 'the parseArgs hint is trimmed');
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('levqor workflow validate', () => {
  test('a valid YAML or JSON file exits 0 with a one-line summary', async () => {
    const yaml = await levqor(['workflow', 'validate', 'lead.yaml']);
    assertExit(yaml, 0);
    assert.equal(yaml.stdout, 'lead.yaml: valid (4 steps, manual trigger)\n');
    assert.equal(yaml.stderr, '');

    const json = await levqor(['workflow', 'validate', join(dir, 'lead.json')]);
    assertExit(json, 0);
    assert.match(json.stdout, /lead\.json: valid \(1 steps, manual trigger\)/);
  });

  test('an invalid file exits 1 printing every problem as a path: message line', async () => {
    const result = await levqor(['workflow', 'validate', 'broken.yaml']);
    assertExit(result, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines[0], 'broken.yaml: 3 problem(s)');
    assert.equal(lines.length, 4, result.stderr);
    assert.ok(lines.includes('  steps[0].with.url: required'), result.stderr);
    assert.ok(lines.includes('  steps[1].with.webhookUrl: must be an http:// or https:// URL'), result.stderr);
    assert.ok(lines.some((line) => /^ {2}trigger\.cron: invalid cron expression\b/.test(line)), result.stderr);
  });

  test('a missing file or a missing argument is a clear error, not a stack trace', async () => {
    const missing = await levqor(['workflow', 'validate', 'nowhere.yaml']);
    assertExit(missing, 2);
    assert.equal(missing.stderr, 'levqor: cannot read nowhere.yaml: no such file\n');

    const none = await levqor(['workflow', 'validate']);
    assertExit(none, 2);
    assert.match(none.stderr, /^levqor: give exactly one file: levqor workflow validate <file>/);
  });
});

describe('levqor run', () => {
  test('runs a file with --input, printing each step as it finishes and then the output', async () => {
    const result = await levqor(['run', 'lead.yaml', '--input', '{"email":"Ada@Example.COM","name":"Ada"}']);
    assertExit(result, 0);
    const lines = result.stdout.split('\n');
    assert.match(lines[0], /^✔ clean \(transform\) \d+ ms$/);
    assert.match(lines[1], /^✔ route \(branch\) \d+ ms$/);
    assert.match(lines[2], /^✔ internal \(transform\) \d+ ms$/);
    assert.equal(lines[3], '✔ run succeeded');
    assert.deepEqual(JSON.parse(lines.slice(4).join('\n')), { email: 'ada@example.com', name: 'Ada', lane: 'internal' });
    assert.doesNotMatch(result.stdout, /external/, 'the branch skipped the default step');
  });

  test('a failing workflow exits 1 naming the reason, and later steps do not run', async () => {
    const result = await levqor(['run', 'failing.yaml']);
    assertExit(result, 1);
    assert.match(result.stdout, /^✔ prepare \(transform\) \d+ ms$/m);
    assert.match(result.stdout, /^. refuse \(fail\) \d+ ms/m);
    assert.match(result.stdout, /^✘ run failed: the order is incomplete$/m);
    assert.doesNotMatch(result.stdout, /accept/, 'the run ended at the fail step');
  });

  test('--input that is not JSON exits 2 with a message before anything runs', async () => {
    const result = await levqor(['run', 'lead.yaml', '--input', '{email: nope}']);
    assertExit(result, 2);
    assert.match(result.stderr, /^levqor: --input is not valid JSON: /);
    assert.equal(result.stdout, '');
  });

  test('an invalid or missing workflow file is refused with its problems', async () => {
    const invalid = await levqor(['run', 'broken.yaml']);
    assertExit(invalid, 1);
    assert.match(invalid.stderr, /^levqor: broken\.yaml is not a valid workflow:\n/);
    assert.match(invalid.stderr, /^ {2}steps\[0\]\.with\.url: required$/m);
    assert.equal(invalid.stdout, '');

    const missing = await levqor(['run', 'nowhere.yaml']);
    assertExit(missing, 2);
    assert.match(missing.stderr, /cannot read nowhere\.yaml: no such file/);
  });

  test('--json prints one JSON object per line: each step, then the result', async () => {
    const result = await levqor(['run', 'lead.yaml', '--json', '--input', '{"email":"Bob@Other.org","name":"Bob"}']);
    assertExit(result, 0);
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(records.slice(0, 3).map((r) => [r.step, r.type, r.status, r.attempts]), [
      ['clean', 'transform', 'succeeded', 1],
      ['route', 'branch', 'succeeded', 1],
      ['external', 'transform', 'succeeded', 1],
    ]);
    assert.deepEqual(records[0].output, { email: 'bob@other.org', name: 'Bob' });
    assert.equal(records[0].error, null);
    const final = records[3];
    assert.equal(records.length, 4);
    assert.equal(final.status, 'succeeded');
    assert.match(final.run, /\S/);
    assert.deepEqual(final.output, { email: 'bob@other.org', name: 'Bob', lane: 'external' });
  });

  test('--json on a failing workflow still prints JSON lines and exits 1', async () => {
    const result = await levqor(['run', 'failing.yaml', '--json']);
    assertExit(result, 1);
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const final = records[records.length - 1];
    assert.equal(final.status, 'failed');
    assert.match(JSON.stringify(final.error), /the order is incomplete/);
  });
});

describe('levqor migrate', () => {
  test('migrate on a fresh embedded database applies the migrations; a second run says it is up to date', async () => {
    const dataDir = join(dir, 'migrate-data');
    try {
      const first = await levqor(['migrate'], { LEVQOR_DATA_DIR: dataDir });
      assertExit(first, 0);
      assert.match(first.stdout, /^Applied \d+ migration\(s\): 001-initial/);
      assert.ok(readdirSync(dataDir).length > 0, 'the database files were written');

      const second = await levqor(['migrate'], { LEVQOR_DATA_DIR: dataDir });
      assertExit(second, 0);
      assert.equal(second.stdout, 'The database is up to date.\n');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('migrate with a bad DATABASE_URL exits 1 naming the variable', async () => {
    const result = await levqor(['migrate'], { DATABASE_URL: 'mysql://x' });
    assertExit(result, 1);
    assert.match(result.stderr, /^ {2}DATABASE_URL: must be a postgres: or postgresql: URL/m);
  });

  test('migrate on a fresh PostgreSQL database applies the migrations; a second run says it is up to date', { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL is not set' }, async () => {
    const database = await createTestDatabase('postgres');
    try {
      assert.equal(database.target.kind, 'postgres');
      const url = database.target.kind === 'postgres' ? database.target.url : '';
      const first = await levqor(['migrate'], { DATABASE_URL: url });
      assertExit(first, 0);
      assert.match(first.stdout, /^Applied \d+ migration\(s\): 001-initial/);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>('select name from levqor_migrations order by name');
        assert.deepEqual(rows.map((r) => r.name).slice(0, 1), ['001-initial']);
      } finally {
        await client.end();
      }

      const second = await levqor(['migrate'], { DATABASE_URL: url });
      assertExit(second, 0);
      assert.equal(second.stdout, 'The database is up to date.\n');
    } finally {
      await database.dispose();
    }
  });
});

describe('levqor start and worker refuse a bad setup', () => {
  test('levqor worker without DATABASE_URL exits 1 saying it needs PostgreSQL', async () => {
    const result = await levqor(['worker']);
    assertExit(result, 1);
    assert.match(result.stderr, /^levqor: "levqor worker" needs a shared PostgreSQL database: set DATABASE_URL/);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(join(dir, 'default-data')), false, 'the embedded database was not created');
  });

  test('levqor start on a port in use exits 1 at once with a clear message, no stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      // Before, the failed listen left the database and timers open: the process never exited.
      const result = await levqor(['start', '--port', String(port)], { LEVQOR_DATA_DIR: join(dir, 'port-data') }, 60_000);
      assertExit(result, 1);
      assert.equal(result.stderr, `levqor: port ${port} on 127.0.0.1 is already in use; stop the other process or set PORT (or --port) to a free port\n`);
      assert.doesNotMatch(result.stdout, /running at/);
    } finally {
      taken.close();
    }
  });

  test('a bad environment value makes levqor start exit 1 with a message naming the variable', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /^ {2}PORT: /m],
      [{ DATABASE_URL: 'mysql://x' }, /^ {2}DATABASE_URL: must be a postgres: or postgresql: URL such as postgres:\/\//m],
      [{ LEVQOR_LOG_LEVEL: 'loud' }, /^ {2}LEVQOR_LOG_LEVEL: /m],
    ];
    for (const [env, message] of cases) {
      const result = await levqor(['start'], env);
      assertExit(result, 1);
      assert.match(result.stderr, /^levqor: invalid configuration:\n/, JSON.stringify(env));
      assert.match(result.stderr, message, JSON.stringify(env));
      assert.doesNotMatch(result.stdout, /running at/);
    }
    const worker = await levqor(['worker'], { PORT: 'abc', DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    assertExit(worker, 1);
    assert.match(worker.stderr, /^ {2}PORT: /m);
  });
});
