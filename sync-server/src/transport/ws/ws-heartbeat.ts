// Pings every relay socket on an interval and ends the ones that were not heard from since the
// previous ping: a peer that vanished (a laptop lid, a dropped route) is noticed within two
// intervals instead of whenever TCP gives up. It does not judge frames or sessions.
//
// A socket the relay has paused is not judged. A fast writer's socket is paused while the relay
// works through its frames at PARLEY_MESSAGES_PER_SECOND, and its pong waits in TCP behind
// everything it sent: judged by pongs alone, a client more than an interval ahead of the rate was
// cut off (1006, no close code) while the relay was still reading it, and had to send again, in
// one sync step 2, everything not read yet. So a tick skips a paused socket (and forgets its ping),
// and any frame heard counts as an answer: a socket is ended only when it was read from, and
// silent, for a whole interval after a ping.

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
            if (ws.isPaused) {
              awaitingPong.delete(ws)
              continue
            }
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
  function heard(this: WebSocket) {
    awaitingPong.delete(this)
  }
  function gone(this: WebSocket) {
    sockets.delete(this)
  }
  return {
    track(ws) {
      if (!timer) return
      sockets.add(ws)
      ws.on('pong', heard)
      ws.on('message', heard)
      ws.on('close', gone)
    },
    stop() {
      if (timer) clearInterval(timer)
      sockets.clear()
    },
  }
}
