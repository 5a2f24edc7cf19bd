import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build` puts the web app: dist/web, from src/server or dist/server alike. */
export const WEB_APP_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the server answers itself: never the web app's index page. */
const SERVER_PREFIXES = ['/api/', '/hooks/', '/forms/', '/docs', '/healthz', '/readyz', '/metrics'];

interface WebFile {
  body: Buffer;
  type: string;
  /** Vite names built assets by content hash: they never change under the same URL. */
  immutable: boolean;
}

function readWebApp(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const url = `/${relative(dir, path).split(sep).join('/')}`;
    files.set(url, { body: readFileSync(path), type: TYPES[extname(path)] ?? 'application/octet-stream', immutable: url.startsWith('/assets/') });
  }
  return files;
}

/**
 * Serves the web app at `/`: its files from memory (a few hundred kilobytes), and its index page for
 * every other GET that is not the server's own (HTML5 routes such as /runs/… or /reset-password?token=…).
 */
export function registerWebApp(app: FastifyInstance, dir: string = WEB_APP_DIR): void {
  const files = existsSync(join(dir, 'index.html')) ? readWebApp(dir) : undefined;
  const index = files?.get('/index.html');
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    if (SERVER_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
      return reply.callNotFound();
    }
    if (!files || !index) {
      reply.status(503).type('text/plain; charset=utf-8');
      return 'The web app is not built: run "npm run build" (the API is at /api/v1, its reference at /docs).';
    }
    const file = files.get(path);
    if (file && path !== '/index.html') {
      reply.type(file.type).header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return file.body;
    }
    // A missing asset is a 404 (a stale page asking for an old bundle), not the index page.
    if (path.startsWith('/assets/') || extname(path) !== '') return reply.callNotFound();
    reply.type(index.type).header('cache-control', 'no-cache');
    return index.body;
  });
}
