// Knee OA Studio service worker (generated into dist/sw.js by build/service-worker-plugin.ts).
// Cache-first for the app's own files so a second visit and an offline reload need no network.
// Model weights are not here: the generator worker keeps them in IndexedDB after checking SHA-256.
const VERSION = __PRECACHE_VERSION__;
const FILES = __PRECACHE_FILES__;
const CACHE = `knee-oa-studio-${VERSION}`;
const scope = self.registration.scope;
const PRECACHED = new Set(FILES.map((file) => new URL(file, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...PRECACHED]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('knee-oa-studio-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.hash = '';
  url.search = '';
  // Pages (any URL under the scope that the browser navigates to) get the app shell.
  const key = request.mode === 'navigate' ? new URL('./', scope).href : url.href;
  if (!PRECACHED.has(key)) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(key)) ?? fetch(request)));
});
