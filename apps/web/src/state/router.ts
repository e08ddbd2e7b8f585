// Client-side navigation for the host shell: the current page follows the address bar
// (history.pushState and the back and forward buttons), so opening a record from a chat keeps
// the chat panel as it was. A page load is never needed; nothing here knows what pages show.

import { createSignal, type Accessor } from 'solid-js'
import { routeOf, type Route } from '../lib/routes.ts'

export interface Router {
  route: Accessor<Route>
  /** Opens a path of this app in place, as a new history entry. */
  navigate(path: string): void
}

let router: Router | undefined

/** The one router of this window (the address bar is one too). */
export function useRouter(): Router {
  if (router) return router
  const [path, setPath] = createSignal(location.pathname)
  window.addEventListener('popstate', () => setPath(location.pathname))
  const route = () => routeOf(path())
  router = {
    route,
    navigate(to) {
      const url = new URL(to, location.href)
      if (url.origin !== location.origin) throw new Error(`navigate() is for this app's pages, not ${url.origin}`)
      if (url.pathname + url.search + url.hash !== location.pathname + location.search + location.hash) {
        history.pushState(null, '', url.pathname + url.search + url.hash)
      }
      setPath(url.pathname)
      window.scrollTo(0, 0)
    },
  }
  return router
}

/** True for a click that should stay a normal link (new tab, new window, download). */
export const isModifiedClick = (event: MouseEvent) => event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
