// The app shell for offline start: index.html and the files it names are cached on install and served
// from the cache when the network fails. Server answers (/api/, /hooks/, …) are never cached: they pass
// straight to the network, so no response carrying a user's data is ever kept here.
const CACHE = 'levqor-shell-v1';
const SERVER_PREFIXES = ['/api/', '/hooks/', '/forms/', '/docs', '/healthz', '/readyz', '/metrics'];
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png', '/pressable.css'];

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const index = await fetch('/', { cache: 'no-cache' });
  if (!index.ok) throw new Error(`the app shell answered ${index.status}`);
  const html = await index.clone().text();
  // The built scripts and styles index.html names (content-hashed, so a new build names new files).
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  await cache.put('/', index);
  await cache.addAll([...SHELL_FILES.slice(1), ...assets]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (SERVER_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') {
    // Every page is index.html: the network first (a new build), the cached shell when offline.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match('/')) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Named by content hash: a cached copy is always right; a lazily loaded page is cached on first use.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then(async (response) => {
            if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
    return;
  }
  event.respondWith(fetch(request).catch(async () => (await caches.match(request)) ?? Response.error()));
});
