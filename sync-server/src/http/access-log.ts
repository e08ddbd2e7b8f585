// One JSON access line per HTTP request, with its request id (Hono's request-id middleware: the
// caller's X-Request-Id when it is sane, else a new one, echoed in the response), and the request
// counted by route and status for /metrics. It logs the path, never the query string or a body.

import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Logger } from '../log.ts'
import type { ServerMetrics } from '../metrics/prometheus.ts'

export function accessLog(log: Logger, metrics: Pick<ServerMetrics, 'httpRequest'> | undefined): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const route = routeOf(c)
    const status = c.res.status
    metrics?.httpRequest(c.req.method, route, status)
    log.info(
      {
        event: 'http',
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        bytes: Number(c.res.headers.get('content-length') ?? 0) || undefined,
      },
      'http request',
    )
  }
}

/**
 * The pattern of the route that answered (`/api/records/:type/:id`), so that metrics do not get
 * one series per id: the last matched route registered for a method. Middleware (`use`, `all`)
 * matches every method; what only middleware answered is the API's 404 or the web app.
 */
const routeOf = (c: Context): string => {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL')
  return routes.at(-1)?.path ?? (c.req.path.startsWith('/api/') ? '/api/*' : '/*')
}
