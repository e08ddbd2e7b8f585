// Node transport: takes WebSocket upgrades for `/sync/<room>` off an HTTP server and hands the
// sockets to the relay with what authentication needs. Everything else is refused with 404.

import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { ACK_PARAM } from '@parley/protocol'
import type { Relay } from './relay.ts'

export const SYNC_PREFIX = '/sync/'
const SANE_REQUEST_ID = /^[\w\-.:]{1,128}$/

export function attachWebSockets(server: Server, relay: Relay, maxFrameBytes: number): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes, perMessageDeflate: false })
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
    const requestId = req.headers['x-request-id']
    wss.handleUpgrade(req, socket, head, (ws) =>
      relay.accept(ws, {
        room,
        ack: url.searchParams.get(ACK_PARAM) === '1',
        token: url.searchParams.get('token') ?? undefined,
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        host: req.headers.host,
        // A proxy's id ties the session to its own logs; anything odd is replaced by a fresh one.
        requestId: typeof requestId === 'string' && SANE_REQUEST_ID.test(requestId) ? requestId : undefined,
      }),
    )
  })
  return wss
}
