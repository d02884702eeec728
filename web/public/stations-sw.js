// Service worker of the public rest-station finder (registered by /stations with scope
// /stations): it keeps the page and the files it loaded, so /stations opens without a network
// (the page itself keeps its last list of stations). Pages are asked of the network first and
// the kept copy is used only when that fails; the hashed files under /assets/ never change, so
// a kept copy is used first. API answers are never kept here.
const cacheName = 'gonghui-stations-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith('gonghui-stations-') && name !== cacheName).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

// The page lists what it has loaded (its own address and its /assets/ files): they are kept,
// and the port told when they are.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const port = event.ports[0];
  const sameOrigin = data.urls.filter((url) => new URL(url, self.location.href).origin === self.location.origin);
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => Promise.all(sameOrigin.map((url) => cache.add(url).catch(() => undefined))))
      .then(() => port?.postMessage({ kept: sameOrigin.length })),
  );
});

function isPage(request) {
  return request.mode === 'navigate';
}

function isAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (isPage(request)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(cacheName).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        // Offline: this page as kept, else any kept page of the finder (the same app shell).
        .catch(() =>
          caches
            .open(cacheName)
            .then(
              async (cache) => (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match('/stations')) ?? Response.error(),
            ),
        ),
    );
  } else if (isAsset(url)) {
    event.respondWith(caches.match(request).then((kept) => kept ?? fetch(request)));
  }
});
