// Registers the service worker that keeps the app shell (see sw.js beside this file) in builds
// only: the development server serves modules the worker does not know.

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      // Without it the app still works online; it only cannot open with no network.
      console.warn('Parley could not install its service worker, so it will not open offline:', error)
    })
  })
}
