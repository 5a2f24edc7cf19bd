import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

/*
 * `npm start` builds only when the sources changed (scripts/build-if-stale.ts). A small project in a
 * temp directory stands for the package: its `build` script counts its runs and writes the stamp the
 * way the real one does, and `npm start`'s first step is run on it as npm runs it.
 */

const SCRIPT = fileURLToPath(new URL('../scripts/build-if-stale.ts', import.meta.url));
const REPO = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'levqor-build-'));
after(() => rmSync(root, { recursive: true, force: true }));

const countBuild = `node -e "require('fs').mkdirSync('dist',{recursive:true});require('fs').appendFileSync('dist/builds','x')"`;
writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture', private: true, scripts: { build: `${countBuild} && node ${JSON.stringify(SCRIPT)} --stamp .` } }));
writeFileSync(join(root, 'tsconfig.json'), '{}');
mkdirSync(join(root, 'src', 'cli'), { recursive: true });
writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 1;\n');
writeFileSync(join(root, 'src', 'cli', 'plans.yaml'), 'plans: []\n');

function buildIfStale(cwd = root) {
  const result = spawnSync(process.execPath, [SCRIPT, cwd], { cwd, encoding: 'utf8', env: { ...process.env, npm_execpath: undefined } });
  return { status: result.status, stderr: result.stderr };
}
const builds = () => (existsSync(join(root, 'dist', 'builds')) ? readFileSync(join(root, 'dist', 'builds'), 'utf8').length : 0);

test('builds on a fresh clone, then only when a source or the configuration changed', () => {
  const first = buildIfStale();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /Sources changed since the last build: building/);
  assert.equal(builds(), 1, 'no dist/ yet: built');
  assert.equal(buildIfStale().status, 0);
  assert.equal(builds(), 1, 'nothing changed: not built again');

  const later = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'src', 'main.ts'), later, later);
  buildIfStale();
  assert.equal(builds(), 1, 'a touched file with the same content is not a change');

  writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 2;\n');
  buildIfStale();
  assert.equal(builds(), 2, 'an edited source is built');
  writeFileSync(join(root, 'src', 'cli', 'plans.yaml'), 'plans: [launch]\n');
  buildIfStale();
  assert.equal(builds(), 3, 'an edited asset under src/ is copied by a build');
  writeFileSync(join(root, 'src', 'cli', 'new.ts'), 'export {};\n');
  buildIfStale();
  assert.equal(builds(), 4, 'a new source is built');
  writeFileSync(join(root, 'tsconfig.json'), '{"compilerOptions":{}}');
  buildIfStale();
  assert.equal(builds(), 5, 'a configuration change is built');
  buildIfStale();
  assert.equal(builds(), 5);
});

test('a failing build leaves dist/ stale and fails, so the next start tries again', () => {
  writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 3;\n');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ ...pkg, scripts: { build: 'node -e "process.exit(3)"' } }));
  assert.equal(buildIfStale().status, 3);
  writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
  const before = builds();
  assert.equal(buildIfStale().status, 0);
  assert.equal(builds(), before + 1);
});

test('after npm run build, this package is current: npm start starts without building', () => {
  // The test run builds dist/ first (npm test), which writes the stamp.
  const result = buildIfStale(REPO);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /building/, 'dist/ matches the sources');
});
