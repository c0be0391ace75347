// Knee OA Studio service worker (generated into dist/sw.js by build/service-worker-plugin.ts).
// Cache-first for the app's own files so a second visit and an offline reload need no network.
// Model weights are not here: the generator worker keeps them in IndexedDB after checking SHA-256.
// A new version waits until the page asks it to take over (the "A new version is ready" prompt),
// so an open page never mixes its files with those of another version.
const VERSION = __PRECACHE_VERSION__;
const FILES = __PRECACHE_FILES__;
const CACHE = `knee-oa-studio-${VERSION}`;
const scope = self.registration.scope;
const PRECACHED = new Set(FILES.map((file) => new URL(file, scope).href));

self.addEventListener('install', (event) => {
  // Only the first install takes over at once: there is no older version to keep working.
  const firstInstall = !self.registration.active;
  event.waitUntil(
    caches
      .open(CACHE)
      // 'reload': this version's files from the server, never an older copy from the HTTP cache.
      .then((cache) => cache.addAll([...PRECACHED].map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => (firstInstall ? self.skipWaiting() : undefined)),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Old versions' files are deleted only now, when no page uses them any more.
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
