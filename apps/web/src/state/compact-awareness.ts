// Remote awareness states as a compact-presence relay keeps them (`?presence=compact`,
// docs/protocol.md): the relay passes on joins, leaves and changes, never unchanged renewals, and
// removes whoever stops renewing. y-protocols' Awareness would drop every remote state that was
// not renewed for 30 s; while the socket is open, this keeps them fresh instead, so they last
// until the relay removes them. Written against y-protocols 1.0.x (`meta`, the public map of
// clocks and last-update times that its 3 s check reads). It does not touch the local state,
// which the Awareness still renews every 15 s: that renewal is how the relay knows we are here.

import type { Awareness } from 'y-protocols/awareness'

/** How often remote states are marked fresh: well inside the 30 s after which y-protocols drops them. */
export const KEEP_FRESH_MS = 10_000

/**
 * Keeps remote states of `awareness` until the relay removes them, while `isConnected()`.
 * Returns the function that stops it.
 * @example const stop = keepRemoteStates(room.awareness, () => room.isConnected())
 */
export function keepRemoteStates(awareness: Awareness, isConnected: () => boolean): () => void {
  const timer = setInterval(() => {
    if (!isConnected()) return
    const now = Date.now()
    for (const [client, meta] of awareness.meta) {
      if (client !== awareness.clientID) meta.lastUpdated = now
    }
  }, KEEP_FRESH_MS)
  // A removed state's clock is forgotten: the provider removes every remote state as its socket
  // closes, one clock past what the relay sent, and the relay's roster on the next connection
  // would otherwise be ignored as old news for anyone who did not change since (the relay never
  // sends their renewals to make up for it).
  const forget = ({ removed }: { removed: number[] }) => {
    for (const client of removed) {
      if (client !== awareness.clientID && !awareness.states.has(client)) awareness.meta.delete(client)
    }
  }
  awareness.on('update', forget)
  return () => {
    clearInterval(timer)
    awareness.off('update', forget)
  }
}
