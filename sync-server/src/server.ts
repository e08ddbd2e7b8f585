// Assembles a running relay: opens the storage backend (the SQLite file in the data folder), seeds
// the demo organizations when asked, serves the HTTP API and the web app with Hono, and takes
// WebSocket upgrades for the relay. Tests start it on port 0 with a temp data folder; main.ts
// starts it from the environment. serveBackend runs the same relay on any Backend.

import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import type { Accounts } from './accounts/accounts.ts'
import { createAuthenticator } from './accounts/authenticator.ts'
import type { Sessions } from './accounts/sessions.ts'
import { createChatHistory } from './chats/chat-history.ts'
import type { ChatIndex } from './chats/chat-index.ts'
import { createEpochRenderer } from './chats/epoch-renderer.ts'
import type { Config } from './config.ts'
import { createHostTokenVerifierFor } from './host/host-token.ts'
import { createHttpApp } from './http/app.ts'
import { guardConnections } from './http/connection-guard.ts'
import { metricsRoutes } from './http/routes/metrics.ts'
import type { Readiness } from './http/routes/health.ts'
import { createLogger, type Logger } from './log.ts'
import { createPrometheusMetrics, type ServerMetrics } from './metrics/prometheus.ts'
import { createLocalBus, type Bus } from './relay/bus.ts'
import { createRedisBus } from './relay/redis-bus.ts'
import { createRecordDirectory } from './records/create-directory.ts'
import { createRelay, type Relay } from './relay/relay.ts'
import { attachWebSockets } from './transport/ws/ws-transport.ts'
import { seedDemo } from './seed/demo.ts'
import { seedDemoRecords } from './seed/demo-records.ts'
import type { Backend } from './storage/backend.ts'
import { openBackend } from './storage/open-backend.ts'
import type { Db } from './storage/database.ts'
import { isPostgresBackend } from './storage/postgres/backend.ts'
import { isSqliteBackend } from './storage/sqlite-backend.ts'

export interface RunningServer {
  /** `http://host:port` of the running relay. */
  url: string
  port: number
  config: Config
  /** Where everything durable is kept. */
  backend: Backend
  /** The SQLite file (tests read it directly); throws on any other backend. */
  readonly db: Db
  accounts: Accounts
  sessions: Sessions
  chats: ChatIndex
  relay: Relay
  metrics: ServerMetrics
  /** What GET /api/ready answers from. */
  readiness: Readiness
  /** `http://host:port` of the metrics listener when PARLEY_METRICS_PORT is set. */
  metricsUrl?: string
  /** Stores everything, closes every connection and the database. */
  close(): Promise<void>
}

/**
 * Node's own limits on slow clients: headers (of a request or an upgrade) within the handshake
 * timeout, a whole request within 30 s (or the handshake timeout if longer), checked often
 * enough that "a few seconds" means a few seconds (Node checks every 30 s by default).
 */
const httpTimeouts = (config: Config) => ({
  headersTimeout: config.handshakeTimeoutMs,
  requestTimeout: Math.max(30_000, config.handshakeTimeoutMs),
  connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.handshakeTimeoutMs / 4))),
})

export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const { backend, release } = await openBackend(config, log)
  try {
    return await serveBackend(config, backend, log, release)
  } catch (err) {
    await release()
    throw err
  }
}

/**
 * Runs the relay and its HTTP API on a backend that is open already. `release` runs last when the
 * server closes (closing the backend, releasing the data lock).
 */
export async function serveBackend(config: Config, backend: Backend, log: Logger, release: () => Promise<void>): Promise<RunningServer> {
  const { accounts, sessions, chats, hostPeople } = backend
  const tickets = backend.syncTickets({ ttlMs: config.syncTicketTtlMs })
  const authenticator = createAuthenticator({ sessions, allowedOrigins: config.allowedOrigins, tickets })
  if (config.demo) await seedDemo(accounts)
  if (config.demo) await seedDemoRecords(accounts, backend.recordStore)
  const records = createRecordDirectory({ config, stored: (options) => backend.recordDirectory(options), accounts, log })

  const hostTokens = createHostTokenVerifierFor(config)
  let closing: Promise<void> | null = null
  const sqliteFile = isSqliteBackend(backend) ? backend.db.name : null
  const metrics = createPrometheusMetrics({
    roomsByKind: () => relay.roomsByKind(),
    storageFiles: sqliteFile ? [sqliteFile, `${sqliteFile}-wal`] : [],
    postgresPool: isPostgresBackend(backend) ? () => backend.poolClients() : undefined,
  })
  if (isSqliteBackend(backend)) {
    const storageLog = log.child({ module: 'storage' })
    backend.writeThread?.observe({
      checkpointed: (report) => metrics.checkpointed(report),
      problem: (err) => storageLog.warn({ err }, 'the storage worker had a problem'),
    })
  }
  const busLog = log.child({ module: 'bus' })
  const redisBus = config.redisUrl ? createRedisBus({ url: config.redisUrl, onError: (err) => busLog.warn({ err }, 'the Redis bus has a problem') }) : null
  const bus: Bus = redisBus ?? createLocalBus()
  const readiness: Readiness = {
    problem: async () => (closing ? 'the relay is shutting down' : backend.problem()),
    deployment: () => ({ storage: backend.kind, bus: redisBus ? 'redis' : 'local', busConnected: redisBus ? redisBus.connected : true }),
  }
  const separateMetrics = config.metricsPort >= 0
  const renderer = createEpochRenderer()
  renderer.warm()
  const history = createChatHistory({ chats, store: backend.docs, renderer, cacheBytes: config.historyCacheMb * 1024 * 1024 })
  const app = createHttpApp({ config, accounts, sessions, authenticator, tickets, chats, history, records, hostPeople, hostTokens, log, metrics, readiness, serveMetrics: !separateMetrics })
  const relay: Relay = createRelay({
    config,
    store: backend.docs,
    chats,
    pendingRows: backend.pendingRows,
    directory: accounts,
    authenticator,
    sessions,
    bus,
    log: log.child({ module: 'relay' }),
    metrics: metrics.relay,
    onSealed: (chatId, epoch) => {
      history.warm(chatId, epoch).catch((err: unknown) => log.warn({ err, chat: chatId, epoch }, 'rendering a sealed epoch ahead failed; its first page will'))
    },
  })
  const server = createAdaptorServer({ fetch: app.fetch, serverOptions: httpTimeouts(config) }) as Server
  // Behind a trusted proxy every connection comes from the proxy: the bound per address is its job.
  const guard = guardConnections(server, {
    perIp: config.trustProxy ? 0 : config.maxPendingPerIp,
    total: config.maxPendingConnections,
  })
  const transport = attachWebSockets(server, relay, {
    maxFrameBytes: config.maxFrameBytes,
    pingIntervalMs: config.pingIntervalMs,
    trustProxy: config.trustProxy,
    guard,
  })

  const metricsServer = separateMetrics ? (createAdaptorServer({ fetch: metricsRoutes(metrics).fetch }) as Server) : null
  const port = await listen(server, config.port, config.host)
  const metricsPort = metricsServer ? await listen(metricsServer, config.metricsPort, config.host) : undefined
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host

  return {
    url: `http://${shownHost}:${port}`,
    port,
    config,
    backend,
    get db(): Db {
      if (!isSqliteBackend(backend)) throw new Error(`the relay runs on ${backend.kind}, not on a SQLite file`)
      return backend.db
    },
    accounts,
    sessions,
    chats,
    relay,
    metrics,
    readiness,
    ...(metricsPort === undefined ? {} : { metricsUrl: `http://${shownHost}:${metricsPort}` }),
    close() {
      closing ??= (async () => {
        await relay.close()
        await renderer.close()
        // After the rooms closed: their last awareness removals went out on it.
        await bus.close()
        transport.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        if (metricsServer) {
          metricsServer.closeAllConnections()
          await new Promise<void>((resolve) => metricsServer.close(() => resolve()))
        }
        await release()
      })()
      return closing
    },
  }
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
  })
