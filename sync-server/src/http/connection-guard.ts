// Bounds the TCP connections that have not proven who they are: per client address and in
// total. A connection counts from the moment it is accepted until it becomes an authenticated
// WebSocket (or closes); past a bound it is closed at once, before Node parses a byte. Sockets
// of signed-in people are not counted here, so a flood of half-open connections cannot take
// their place. Slow headers are ended by the HTTP server's own timeouts (server.ts).

import type { Server } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionGuardOptions {
  /** Unauthenticated connections one address may hold; 0 means no per-address bound. */
  perIp: number
  /** Unauthenticated connections all addresses together may hold. */
  total: number
}

export interface ConnectionGuard {
  /** The socket has become an authenticated WebSocket: it no longer counts. */
  authenticated(socket: Socket): void
  /** Unauthenticated connections held now (for tests and metrics). */
  pending(): number
}

export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  const byIp = new Map<string, number>()
  const counted = new Map<Socket, string>()

  const release = (socket: Socket) => {
    const ip = counted.get(socket)
    if (ip === undefined) return
    counted.delete(socket)
    // An authenticated socket stays open for hours: it keeps no listener of ours.
    socket.off('close', releaseOnClose)
    const left = (byIp.get(ip) ?? 1) - 1
    if (left > 0) byIp.set(ip, left)
    else byIp.delete(ip)
  }
  // One listener for every socket ('close' comes once; `once` would wrap it in two objects per socket).
  function releaseOnClose(this: Socket) {
    release(this)
  }

  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? 'unknown'
    const fromIp = byIp.get(ip) ?? 0
    if (counted.size >= options.total || (options.perIp > 0 && fromIp >= options.perIp)) {
      socket.destroy()
      return
    }
    counted.set(socket, ip)
    byIp.set(ip, fromIp + 1)
    socket.on('close', releaseOnClose)
  })

  return {
    authenticated: release,
    pending: () => counted.size,
  }
}
