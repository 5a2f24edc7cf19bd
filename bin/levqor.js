#!/usr/bin/env node
// Entry point: runs the built package when present, else the TypeScript sources directly.
import { existsSync } from 'node:fs';
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`Levqor needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}.`);
  process.exit(1);
}
// Cache compiled code on disk: later starts skip most parsing and compiling.
module.enableCompileCache?.();
const built = new URL('../dist/cli/main.js', import.meta.url);
await import(existsSync(built) ? built : new URL('../src/cli/main.ts', import.meta.url));
