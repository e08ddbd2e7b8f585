// Serves the built web app (apps/web/dist, or PARLEY_WEB_DIST) with a fallback to index.html for
// client-side routes. Leaves /api and /sync alone so that the API and the relay's upgrade answer them.

import fs from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { MiddlewareHandler } from 'hono'
import { INSTALL_ROOT } from '../version.ts'

/** apps/web/dist of this checkout (or image). */
export const DEFAULT_WEB_DIST = path.join(INSTALL_ROOT, 'apps', 'web', 'dist')

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley: web app not built</title></head>
<body>
<h1>The Parley web app is not built yet</h1>
<p>The relay and its API are running. Build the app, then reload this page:</p>
<pre>npm run build -w @parley/web</pre>
<p>(<code>npm start</code> builds it for you.)</p>
</body></html>`

const isRelayPath = (p: string) => p === '/api' || p.startsWith('/api/') || p === '/sync' || p.startsWith('/sync/')

/**
 * GET/HEAD handler for everything but /api and /sync. Vite's hashed files under /assets/ are
 * cached for good; everything else (index.html, the service worker) is revalidated each time,
 * so that a new build reaches people on their next load.
 */
export function serveWebApp(webDist: string): MiddlewareHandler {
  const root = path.resolve(webDist || DEFAULT_WEB_DIST)
  const index = path.join(root, 'index.html')
  // Set on the returned response: serveStatic builds it before its onFound hook runs, so a
  // header added there is lost.
  const withCaching = (res: Response, immutable: boolean) => {
    res.headers.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    return res
  }
  // Made on first use: serveStatic complains on stderr at creation when the folder is missing,
  // and the app may be built while the relay runs.
  let files: MiddlewareHandler | undefined
  let spa: MiddlewareHandler | undefined

  return async (c, next) => {
    if (isRelayPath(c.req.path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next()
    if (!fs.existsSync(index)) return c.html(NOT_BUILT, 503)
    files ??= serveStatic({ root })
    spa ??= serveStatic({ root, path: 'index.html' })
    const found = await files(c, async () => {})
    if (found) return withCaching(found, c.req.path.startsWith('/assets/'))
    // A path with a file extension is a missing file, not a client-side route.
    if (path.extname(c.req.path) !== '') return next()
    const page = await spa(c, async () => {})
    return page ? withCaching(page, false) : next()
  }
}
