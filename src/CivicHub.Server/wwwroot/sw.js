// CivicHub's service worker: keeps the shell (styles, scripts, fonts, icons) for fast and offline starts, and shows
// the offline page when a page cannot be fetched. Pages themselves are never cached: they hold personal data.
const SHELL = 'civichub-shell-v1';
const PRECACHE = ['/offline.html', '/lib/uswds/css/uswds.min.css', '/icons/icon.svg', '/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== SHELL).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

const isShellAsset = (url) =>
  url.origin === self.location.origin && /^\/(lib|css|js|icons|_framework)\//.test(url.pathname);

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }

  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline.html')));
    return;
  }

  const url = new URL(request.url);
  if (isShellAsset(url)) {
    // Cache first: the asset URLs carry their content's fingerprint, so a cached copy is never stale.
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(SHELL).then((cache) => cache.put(request, copy));
      }
      return response;
    })));
  }
});
