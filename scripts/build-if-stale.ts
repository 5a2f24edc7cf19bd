// Builds dist/ only when its inputs changed since the last build (`npm start` runs it: a build takes
// ~20 s, a check ~0.1 s). The inputs are every file under src/ and web/ (the web app; not its e2e/ output)
// plus package.json and the tsconfig files;
// their content hash is kept in dist/.build-stamp by `npm run build` (`--stamp`). Content, not times:
// a checkout or a copy that only touches files does not rebuild, an edit always does.
// Usage: node scripts/build-if-stale.ts [--stamp] [root]
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
const SOURCE_DIRS = ['src', 'web'];
/** What the browser tests write under web/: never an input. */
const NOT_INPUTS = /^web[\\/]e2e([\\/]|$)/;
const STAMP = join('dist', '.build-stamp');

/** The content hash of the build's inputs under `root`. */
export function sourceHash(root: string): string {
  const files = ROOT_INPUTS.filter((name) => existsSync(join(root, name)));
  for (const dir of SOURCE_DIRS.filter((name) => existsSync(join(root, name)))) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      const path = relative(root, join(entry.parentPath, entry.name));
      if (entry.isFile() && !NOT_INPUTS.test(path) && !path.split(/[\\/]/).some((part) => part.startsWith('.'))) files.push(path);
    }
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

/** Whether dist/ was built from the inputs as they are now. */
export function isBuildCurrent(root: string): boolean {
  const stamp = join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceHash(root);
}

export function writeStamp(root: string, hash = sourceHash(root)): void {
  writeFileSync(join(root, STAMP), `${hash}\n`);
}

/** Runs `npm run build` when dist/ is stale; returns the exit status (0: current or built). */
export function buildIfStale(root: string): number {
  if (isBuildCurrent(root)) return 0;
  const hash = sourceHash(root);
  console.error('Sources changed since the last build: building (npm run build)…');
  const npm = process.env.npm_execpath;
  const result = npm && npm.endsWith('.js')
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) return result.status ?? 1;
  // The hash taken before building: an edit made during the build is built by the next start.
  writeStamp(root, hash);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const root = resolve(args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('..', import.meta.url)));
  if (args.includes('--stamp')) writeStamp(root);
  else process.exitCode = buildIfStale(root);
}
