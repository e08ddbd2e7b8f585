// Pings every relay socket on an interval and ends the ones that did not answer the previous
// ping: a peer that vanished (a laptop lid, a dropped route) is noticed within two intervals
// instead of whenever TCP gives up. It does not judge frames or sessions.

import type { WebSocket } from 'ws'

export interface Heartbeat {
  /** Starts watching a socket that has just opened. */
  track(ws: WebSocket): void
  stop(): void
}

/** `intervalMs` 0 turns pinging off. */
export function startHeartbeat(intervalMs: number): Heartbeat {
  const sockets = new Set<WebSocket>()
  const awaitingPong = new WeakSet<WebSocket>()
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          for (const ws of sockets) {
            if (awaitingPong.has(ws)) {
              ws.terminate() // no close handshake: the peer is not listening
              continue
            }
            awaitingPong.add(ws)
            ws.ping()
          }
        }, intervalMs)
      : null
  timer?.unref()
  // Shared by every socket (`this` is the socket): nothing is allocated per socket but its place in the set.
  function answered(this: WebSocket) {
    awaitingPong.delete(this)
  }
  function gone(this: WebSocket) {
    sockets.delete(this)
  }
  return {
    track(ws) {
      if (!timer) return
      sockets.add(ws)
      ws.on('pong', answered)
      ws.on('close', gone)
    },
    stop() {
      if (timer) clearInterval(timer)
      sockets.clear()
    },
  }
}
