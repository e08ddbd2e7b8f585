// Node transport: takes WebSocket upgrades for `/sync/<room>` off an HTTP server and hands the
// sockets to the relay with what authentication needs. Everything else is refused with 404.
// A socket the relay accepts stops counting against the connection guard and is pinged.

import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { ACK_PARAM, COMPACT_PRESENCE, PRESENCE_PARAM } from '@parley/protocol'
import type { ConnectionGuard } from '../../http/connection-guard.ts'
import { sourceOf } from '../../http/request-source.ts'
import type { Relay } from '../../relay/relay.ts'
import { wsClientSocket } from './ws-client-socket.ts'
import { startHeartbeat } from './ws-heartbeat.ts'

export const SYNC_PREFIX = '/sync/'
const SANE_REQUEST_ID = /^[\w\-.:]{1,128}$/

export interface WsTransportOptions {
  maxFrameBytes: number
  pingIntervalMs: number
  trustProxy: boolean
  guard: ConnectionGuard
}

export interface WsTransport {
  wss: WebSocketServer
  close(): void
}

export function attachWebSockets(server: Server, relay: Relay, options: WsTransportOptions): WsTransport {
  // clientTracking off: ws's own tracking registers a closure on every socket; this set does the
  // same with one listener shared by all (`this` is the socket).
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false, clientTracking: false })
  const sockets = new Set<WebSocket>()
  function forget(this: WebSocket) {
    sockets.delete(this)
  }
  const heartbeat = startHeartbeat(options.pingIntervalMs)
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://relay.invalid')
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    let room: string
    try {
      room = decodeURIComponent(url.pathname.slice(SYNC_PREFIX.length))
    } catch {
      room = '' // undecodable: parseRoom refuses it and the socket closes with "unknown room"
    }
    const { scheme } = sourceOf(req, options.trustProxy)
    const requestId = req.headers['x-request-id']
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', forget)
      const accepting = relay.accept(wsClientSocket(ws), {
        room,
        ack: url.searchParams.get(ACK_PARAM) === '1',
        compactAwareness: url.searchParams.get(PRESENCE_PARAM) === COMPACT_PRESENCE,
        token: url.searchParams.get('token') ?? undefined,
        ticket: url.searchParams.get('ticket') ?? undefined,
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        host: req.headers.host,
        scheme,
        // A proxy's id ties the session to its own logs; anything odd is replaced by a fresh one.
        requestId: typeof requestId === 'string' && SANE_REQUEST_ID.test(requestId) ? requestId : undefined,
      })
      void accepting.then((accepted) => {
        if (!accepted) return
        options.guard.authenticated(socket as Socket)
        heartbeat.track(ws)
      })
    })
  })
  return {
    wss,
    close() {
      heartbeat.stop()
      for (const ws of sockets) ws.terminate()
      wss.close()
    },
  }
}
