// The relay's HTTP side as one Hono app: the JSON API under /api and the built web app. The
// WebSocket upgrade at /sync is added by the relay's server, after this.

import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import type { Accounts, Authenticator } from '../accounts/accounts.ts'
import type { Sessions } from '../accounts/sessions.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import type { ServerMetrics } from '../metrics/prometheus.ts'
import type { RecordDirectory } from '../records/directory.ts'
import { accessLog } from './access-log.ts'
import { apiNotFound, createErrorHandler } from './errors.ts'
import { requireUser } from './require-user.ts'
import { chatsRoutes } from './routes/chats.ts'
import { demoLoginsRoutes } from './routes/demo-logins.ts'
import { healthRoutes, type Readiness } from './routes/health.ts'
import { loginRoutes } from './routes/login.ts'
import { logoutRoutes } from './routes/logout.ts'
import { meRoutes } from './routes/me.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { recordsRoutes } from './routes/records.ts'
import { usersRoutes } from './routes/users.ts'
import { serveWebApp } from './static.ts'

export interface HttpDeps {
  config: Config
  accounts: Accounts
  sessions: Sessions
  authenticator: Authenticator
  chats: ChatIndex
  records: RecordDirectory
  log: Logger
  /** Counts requests and logins; with `serveMetrics`, also answers GET /metrics. */
  metrics?: ServerMetrics
  /** False when /metrics is served on its own port (PARLEY_METRICS_PORT) instead. */
  serveMetrics?: boolean
  readiness?: Readiness
}

/**
 * Builds the app; no server is started (tests call `app.request()`).
 * @example serve({ fetch: createHttpApp(deps).fetch, port: config.port })
 */
export function createHttpApp(deps: HttpDeps): Hono {
  const { config } = deps
  const app = new Hono()
  const log = deps.log.child({ module: 'http' })
  app.onError(createErrorHandler(log))
  app.use('*', requestId())
  app.use('*', accessLog(log, deps.metrics))
  if (deps.metrics && deps.serveMetrics !== false) app.route('/', metricsRoutes(deps.metrics))

  // Pages on the allowed origins (a CRM embedding the chat) call the API from their own origin.
  if (config.allowedOrigins.length > 0) {
    app.use('/api/*', cors({ origin: [...config.allowedOrigins], credentials: true, allowHeaders: ['Content-Type', 'Authorization'] }))
  }

  // Order matters: Hono runs handlers in registration order and these answer without calling
  // next(), so the public routes are registered before the auth middleware.
  app.route('/api', healthRoutes(deps.readiness))
  app.route('/api', loginRoutes({ ...deps, log }))
  app.route('/api', demoLoginsRoutes(deps))
  app.use('/api/*', requireUser(deps.authenticator))
  app.route('/api', logoutRoutes(deps))
  app.route('/api', meRoutes(deps))
  app.route('/api', usersRoutes(deps))
  app.route('/api', chatsRoutes(deps))
  app.route('/api', recordsRoutes(deps))
  app.all('/api/*', apiNotFound)

  app.use('*', serveWebApp(config.webDist))
  return app
}
