// Two (or more) relays in one test process, joined by a real Redis bus: each is the relay core
// (createRelay) behind the WebSocket transport on an HTTP port of its own. They share the test
// relay's SQLite database through one document store, which stands in for the PostgreSQL that
// separate processes would share; the test relay's own HTTP API signs people in for all of them.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAuthenticator } from '../../sync-server/src/accounts/authenticator.ts'
import { createSqliteSyncTickets } from '../../sync-server/src/accounts/sync-tickets.ts'
import { createSqlitePendingInboxRows } from '../../sync-server/src/chats/pending-inbox-rows.ts'
import type { Config } from '../../sync-server/src/config.ts'
import { guardConnections } from '../../sync-server/src/http/connection-guard.ts'
import { createLogger } from '../../sync-server/src/log.ts'
import { createRedisBus, type RedisBus } from '../../sync-server/src/relay/redis-bus.ts'
import { createRelay, type Relay } from '../../sync-server/src/relay/relay.ts'
import type { DocStore } from '../../sync-server/src/storage/doc-store.ts'
import { createSqliteDocStore } from '../../sync-server/src/storage/sqlite-doc-store.ts'
import { attachWebSockets } from '../../sync-server/src/transport/ws/ws-transport.ts'
import { startTestRelay, type TestRelay } from '../support/relay.ts'

export interface BusRelay {
  relay: Relay
  bus: RedisBus
  /** ws://… base for y-websocket providers (append `/<room>`). */
  syncUrl: string
  close(): Promise<void>
}

export interface RelayPair {
  /** The test relay: its HTTP API signs people in; its database is everyone's. */
  base: TestRelay
  store: DocStore
  start(): Promise<BusRelay>
  close(): Promise<void>
}

export async function startRelaysOnBus(redisUrl: string, overrides: Partial<Config> = {}): Promise<RelayPair> {
  const base = await startTestRelay(overrides)
  const { config, db, accounts, sessions, chats } = base.server
  const store = createSqliteDocStore(db)
  const pendingRows = createSqlitePendingInboxRows(db)
  const started: BusRelay[] = []
  const log = createLogger(config.logLevel)

  const start = async (): Promise<BusRelay> => {
    const bus = createRedisBus({ url: redisUrl })
    const authenticator = createAuthenticator({ sessions, allowedOrigins: config.allowedOrigins, tickets: createSqliteSyncTickets(db, { ttlMs: config.syncTicketTtlMs }) })
    const relay = createRelay({ config, store, chats, pendingRows, directory: accounts, authenticator, sessions, bus, log })
    const server: Server = createServer((_req, res) => res.writeHead(404).end())
    const guard = guardConnections(server, { perIp: 0, total: config.maxPendingConnections })
    const transport = attachWebSockets(server, relay, { maxFrameBytes: config.maxFrameBytes, pingIntervalMs: config.pingIntervalMs, trustProxy: false, guard })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const node: BusRelay = {
      relay,
      bus,
      syncUrl: `ws://127.0.0.1:${port}/sync`,
      async close() {
        await relay.close()
        transport.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await bus.close()
      },
    }
    started.push(node)
    return node
  }

  return {
    base,
    store,
    start,
    async close() {
      for (const node of started) await node.close()
      await base.close()
    },
  }
}
