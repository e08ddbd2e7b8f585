// The relay's HTTP side as one Hono app: the JSON API under /api and the built web app. The
// WebSocket upgrade at /sync is added by the relay's server, after this.

import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import type { Accounts, Authenticator } from '../accounts/accounts.ts'
import type { Sessions } from '../accounts/sessions.ts'
import type { SyncTickets } from '../accounts/sync-tickets.ts'
import type { ChatHistory } from '../chats/chat-history.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import type { HostPeople } from '../host/host-people.ts'
import type { HostTokenVerifier } from '../host/host-token.ts'
import type { ServerMetrics } from '../metrics/prometheus.ts'
import type { RecordDirectory } from '../records/directory.ts'
import { createLoginThrottle, LOGIN_ACCOUNT_WINDOW_MINUTES } from '../accounts/login-throttle.ts'
import { accessLog } from './access-log.ts'
import { apiNotFound, createErrorHandler } from './errors.ts'
import { requireUser } from './require-user.ts'
import { adminRoutes } from './routes/admin.ts'
import { securityHeaders } from './security-headers.ts'
import { chatsRoutes } from './routes/chats.ts'
import { chatsHistoryRoutes } from './routes/chats-history.ts'
import { demoLoginsRoutes } from './routes/demo-logins.ts'
import { embedRoutes } from './routes/embed.ts'
import { healthRoutes, type Readiness } from './routes/health.ts'
import { hostSessionRoutes } from './routes/host-session.ts'
import { loginRoutes } from './routes/login.ts'
import { logoutRoutes } from './routes/logout.ts'
import { meRoutes } from './routes/me.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { recordsRoutes } from './routes/records.ts'
import { syncTicketsRoutes } from './routes/sync-tickets.ts'
import { usersRoutes } from './routes/users.ts'
import { serveWebApp } from './static.ts'

export interface HttpDeps {
  config: Config
  accounts: Accounts
  sessions: Sessions
  authenticator: Authenticator
  tickets: SyncTickets
  chats: ChatIndex
  /** History pages of long chats (GET /api/chats/:chatId/history). */
  history: ChatHistory
  records: RecordDirectory
  /** Null when host sign-in is off (no PARLEY_HOST_JWT_ISSUER). */
  hostTokens: HostTokenVerifier | null
  hostPeople: HostPeople
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
  app.onError(createErrorHandler(log, { storageRetryMs: config.storageRetryMs }))
  app.use('*', requestId())
  app.use('*', accessLog(log, deps.metrics))
  app.use('*', securityHeaders(config.allowedOrigins))
  // <parley-chat>'s script is a module that host pages load from their own origin: CORS, for all.
  app.use('/embed.js', cors({ origin: '*' }))
  if (deps.metrics && deps.serveMetrics !== false) app.route('/', metricsRoutes(deps.metrics))

  // Pages on the allowed origins (a CRM embedding the chat) call the API from their own origin.
  if (config.allowedOrigins.length > 0) {
    app.use('/api/*', cors({ origin: [...config.allowedOrigins], credentials: true, allowHeaders: ['Content-Type', 'Authorization'] }))
  }

  // Order matters: Hono runs handlers in registration order and these answer without calling
  // next(), so the public routes are registered before the auth middleware.
  app.route('/api', healthRoutes(deps.readiness))
  const throttle = createLoginThrottle({
    attemptsPerIpPerMinute: config.loginAttemptsPerIp,
    failuresPerAccount: config.loginFailuresPerAccount,
    accountWindowMinutes: LOGIN_ACCOUNT_WINDOW_MINUTES,
  })
  app.route('/api', loginRoutes({ ...deps, throttle, log }))
  app.route('/api', demoLoginsRoutes(deps))
  app.route('/api', embedRoutes(deps))
  app.route('/api', hostSessionRoutes({ ...deps, log: deps.log.child({ module: 'host-sign-in' }) }))
  app.route('/api', adminRoutes({ ...deps, log: deps.log.child({ module: 'admin-api' }) }))
  app.use('/api/*', requireUser(deps.authenticator, { trustProxy: config.trustProxy }))
  app.route('/api', logoutRoutes(deps))
  app.route('/api', meRoutes(deps))
  app.route('/api', syncTicketsRoutes(deps))
  app.route('/api', usersRoutes(deps))
  app.route('/api', chatsRoutes(deps))
  app.route('/api', chatsHistoryRoutes(deps))
  app.route('/api', recordsRoutes(deps))
  app.all('/api/*', apiNotFound)

  app.use('*', serveWebApp(config.webDist))
  return app
}
