// The example CRM's service worker: pages and Parley's /embed.js from the network when it
// answers, else the copy kept from the last time, so the CRM (and Parley's icon in it) opens
// with no network. Parley's panel frame has its own worker on Parley's origin.

const CACHE = 'host-crm-v1'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

async function networkThenCache(request) {
  try {
    const response = await fetch(request)
    if (response.ok) {
      const copy = response.clone()
      caches.open(CACHE).then((cache) => cache.put(request.url, copy))
    }
    return response
  } catch {
    return (await caches.match(request.url)) || Response.error()
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  const page = request.mode === 'navigate' && url.origin === self.location.origin
  if (page || url.pathname === '/embed.js') event.respondWith(networkThenCache(request))
})
