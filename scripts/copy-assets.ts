// Copies the non-TypeScript files under src/ (data such as src/billing/plans-catalog.yaml) into dist/
// at the same relative paths: `tsc` emits only compiled .ts files, and modules read these next to themselves.
// Usage: node scripts/copy-assets.ts [srcDir] [outDir]   (run by `npm run build`)
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(?:[cm]?ts|tsx)$/;

/** Copies every file under `srcDir` that is not TypeScript (nor hidden) to `outDir`; returns the relative paths copied. */
export function copyAssets(srcDir: string, outDir: string): string[] {
  const copied: string[] = [];
  for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || SOURCE.test(entry.name)) continue;
    const from = join(entry.parentPath, entry.name);
    const rel = relative(srcDir, from);
    if (rel.split(/[\\/]/).some((part) => part.startsWith('.'))) continue;
    const to = join(outDir, rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied.push(rel);
  }
  return copied.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  copyAssets(resolve(process.argv[2] ?? join(root, 'src')), resolve(process.argv[3] ?? join(root, 'dist')));
}
