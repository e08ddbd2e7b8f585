// Parley's service worker: keeps the app shell (index.html and the built assets) so that the app
// opens with no network. It never touches /api or /sync, so no person's data is ever cached
// here: chats live in IndexedDB, per person, and signing out deletes them.
//
// The build (build/service-worker.ts) writes this file to dist/sw.js with the two constants below
// filled in: the files of this build and a version that changes whenever they do.
//
// - Pages (navigations): the network first, so a new build shows up at once when online; the
//   kept index.html when the network fails or takes longer than a few seconds.
// - /assets/*: from the cache, else from the network and kept (their names carry a hash).

/* global self, caches, fetch, URL, Promise, setTimeout, clearTimeout */
const PRECACHE = self.__PARLEY_PRECACHE__
const CACHE = `parley-shell-${self.__PARLEY_VERSION__}`
const SHELL = '/'
const NETWORK_TIMEOUT_MS = 4000

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('parley-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

/** The network's answer within the timeout, or null (offline, relay down, too slow). */
function fromNetwork(request) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), NETWORK_TIMEOUT_MS)
    fetch(request).then(
      (response) => {
        clearTimeout(timer)
        resolve(response)
      },
      () => {
        clearTimeout(timer)
        resolve(null)
      },
    )
  })
}

async function page(request) {
  const response = await fromNetwork(request)
  if (response && response.ok) {
    const copy = response.clone()
    caches.open(CACHE).then((cache) => cache.put(SHELL, copy))
    return response
  }
  const kept = await caches.match(SHELL)
  return kept || response || Response.error()
}

async function asset(request) {
  const kept = await caches.match(request)
  if (kept) return kept
  const response = await fetch(request)
  if (response.ok) {
    const copy = response.clone()
    caches.open(CACHE).then((cache) => cache.put(request, copy))
  }
  return response
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate') event.respondWith(page(request))
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request))
})
