import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatIssues } from '../src/engine/definition/definition-issue.ts';
import { StepRegistry } from '../src/engine/step-registry.ts';
import { computePackChecksum, packFiles, readPack, withPackChecksum } from '../src/packs/load-pack.ts';
import { builtinSteps } from '../src/steps/builtin-steps.ts';
import { PACK_STORE_DIR } from './support/pack-store.ts';
import { runCli } from './support/run-cli.ts';

const registry = new StepRegistry(builtinSteps);

const MINIMAL = `id: demo-pack
name: Demo
description: A small pack for the tests.
version: 0.1.0
price: { amount: 0, currency: EUR }
variables:
  - { name: apiUrl, description: Where jobs go, required: true }
tables:
  - name: jobs
    columns:
      - { name: job_id, type: text, required: true, unique: true }
workflows:
  - id: intake
    definition:
      name: Intake
      trigger: { type: webhook, path: intake }
      steps:
        - id: call
          type: http
          with: { method: POST, url: "{{ vars.apiUrl }}/jobs" }
        - id: save
          type: table
          with: { table: jobs, action: insert, data: { job_id: "{{ steps.call.body.id }}" } }
endpoints:
  - { workflow: intake, path: intake, method: POST }
`;

const BROKEN = `id: broken-pack
name: Broken
description: Several problems at once.
version: "1.0"
price: { amount: 500, currency: USD }
variables:
  - { name: apiUrl, description: Where jobs go, default: "https://api.example.com" }
tables:
  - name: jobs
    columns:
      - { name: job_id, type: text }
      - { name: payload, type: blob }
workflows:
  - id: intake
    definition:
      name: Intake
      trigger: { type: webhook, path: intake }
      steps:
        - id: call
          type: http
          with: { method: POST, url: "{{ vars.apiUrl }}/jobs?token={{ vars.apiToken }}" }
  - id: second
    definition:
      name: Second
      trigger: { type: manual }
      steps:
        - id: call
          type: http
          with: { method: POST }
endpoints:
  - { workflow: missing, path: intake, method: POST }
checksum: sha256:${'0'.repeat(64)}
`;

describe('packs', () => {
  const files = [...packFiles(), ...packFiles(PACK_STORE_DIR)];

  test('packs/ ships the free Starter pack; the paid Automation Pro and Enterprise live in the pack store', () => {
    assert.deepEqual(packFiles().map((f) => basename(f)), ['starter.yaml']);
    assert.deepEqual(packFiles(PACK_STORE_DIR).map((f) => basename(f)), ['automation-pro.yaml', 'enterprise.yaml']);
  });

  for (const file of files) {
    test(`${basename(file)} validates`, () => {
      const result = readPack(readFileSync(file, 'utf8'), registry);
      assert.ok(result.ok, result.ok ? '' : formatIssues(result.errors).join('\n'));
      assert.equal(`${result.pack.id}.yaml`, basename(file), 'the id matches the file name');
      assert.ok(result.pack.workflows.length > 0);
    });
  }

  test('the packs have their prices', () => {
    const prices = Object.fromEntries(
      files.map((file) => {
        const result = readPack(readFileSync(file, 'utf8'), registry);
        assert.ok(result.ok);
        return [result.pack.id, result.pack.price];
      }),
    );
    assert.deepEqual(prices, {
      starter: { amount: 0, currency: 'USD' },
      'automation-pro': { amount: 9900, currency: 'USD' },
      enterprise: { amount: 29900, currency: 'USD' },
    });
  });

  test('a small pack validates and keeps its sections', () => {
    const result = readPack(MINIMAL, registry);
    assert.ok(result.ok, result.ok ? '' : formatIssues(result.errors).join('\n'));
    assert.equal(result.pack.endpoints[0].workflow, 'intake');
    assert.equal(result.pack.tables[0].columns[0].name, 'job_id');
    assert.equal(result.pack.workflows[0].definition.trigger.type, 'webhook');
  });

  test('a broken pack reports every problem at its path', () => {
    const result = readPack(BROKEN, registry);
    assert.equal(result.ok, false);
    const lines = formatIssues(result.ok ? [] : result.errors);
    const has = (prefix: string, pattern: RegExp) =>
      assert.ok(lines.some((l) => l.startsWith(`${prefix}: `) && pattern.test(l)), `expected ${prefix} ${pattern}, got:\n${lines.join('\n')}`);
    has('version', /semantic version/);
    has('endpoints[0].workflow', /unknown workflow "missing"/);
    has('workflows[0].definition.steps[0].with.url', /vars\.apiToken/);
    has('tables[0].columns[1].type', /must be one of/);
    has('workflows[1].definition.steps[0].with.url', /required/);
    has('checksum', /does not match/);
  });

  test('endpoints must point at a webhook workflow with that path and method', () => {
    const text = MINIMAL.replace('- { workflow: intake, path: intake, method: POST }', '- { workflow: intake, path: other, method: GET }');
    const result = readPack(text, registry);
    assert.equal(result.ok, false);
    assert.deepEqual(formatIssues(result.ok ? [] : result.errors).sort(), [
      'endpoints[0].method: workflow "intake" accepts POST, not GET',
      'endpoints[0].path: workflow "intake" listens on "intake", not "other"',
    ]);
  });

  test('the checksum round-trips: right passes, tampered fails', () => {
    const signed = withPackChecksum(MINIMAL);
    const checksum = /^checksum: (\S+)$/m.exec(signed)?.[1];
    assert.match(checksum ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(checksum, computePackChecksum(MINIMAL), 'the checksum line is not part of what it covers');
    assert.equal(computePackChecksum(signed.replace(/\n/g, '\r\n')), checksum, 'line endings do not matter');
    const ok = readPack(signed, registry);
    assert.ok(ok.ok, ok.ok ? '' : formatIssues(ok.errors).join('\n'));
    const tampered = readPack(signed.replace('/jobs"', '/evil"'), registry);
    assert.equal(tampered.ok, false);
    assert.deepEqual(tampered.ok ? [] : tampered.errors.map((e) => e.path), ['checksum']);
    const malformed = readPack(signed.replace(/^checksum: .*$/m, 'checksum: md5:abc'), registry);
    assert.deepEqual(malformed.ok ? [] : malformed.errors.map((e) => e.path), ['checksum']);
  });

  test('YAML problems and aliases are limited like workflow definitions', () => {
    const bad = readPack('id: [unclosed', registry);
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.errors[0].message, /invalid YAML/);
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    const expanded = readPack(bomb, registry);
    assert.equal(expanded.ok, false);
    assert.match(expanded.ok ? '' : expanded.errors[0].message, /aliases/);
  });
});

describe('levqor pack validate', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'levqor-packs-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });


  test('a valid pack: summary, exit 0', async () => {
    const result = await runCli(['pack', 'validate', join(PACK_STORE_DIR, 'automation-pro.yaml')], {}, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /valid pack automation-pro 1\.0\.0/);
    assert.match(result.stdout, /workflows: 3/);
    assert.match(result.stdout, /tables: 1 \(orders\)/);
    assert.match(result.stdout, /endpoints: 3/);
    assert.match(result.stdout, /price: 99\.00 USD/);
    assert.match(result.stdout, /signature: none — a paid pack imports only signed/);
  });

  test('an invalid pack: each path: message, exit 1', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, BROKEN);
    const result = await runCli(['pack', 'validate', file], {}, { cwd: dir });
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /problem\(s\)/);
    assert.match(result.stderr, /^ {2}version: /m);
    assert.match(result.stderr, /^ {2}endpoints\[0\]\.workflow: unknown workflow "missing"/m);
    assert.match(result.stderr, /^ {2}checksum: does not match/m);
  });

  test('a missing file is a usage error', async () => {
    const result = await runCli(['pack', 'validate', join(dir, 'nope.yaml')], {}, { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no such file/);
  });
});
