// What the connection indicator shows: online, connecting, reconnecting (with the time of the
// next try) or offline, and how many of my messages are only on this device or were refused.
// Read from the browser's network state and the inbox's connection, which is always open.

import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js'
import type { ConnectionStatus } from './sync-doc.ts'
import { browserOnline } from './network.ts'

export type ConnectionKind = 'online' | 'connecting' | 'reconnecting' | 'offline'

export interface Connection {
  kind: Accessor<ConnectionKind>
  /** Whole seconds until the next try while reconnecting; 0 while a try is under way. */
  retryIn: Accessor<number | null>
  /** My messages only on this device. */
  pending: Accessor<number>
  /** My messages the relay refused. */
  failed: Accessor<number>
}

export interface ConnectionSources {
  status: Accessor<ConnectionStatus>
  nextRetryAt: Accessor<number | null>
  pending: Accessor<number>
  failed: Accessor<number>
}

/** Call under a reactive owner: the countdown's timer stops with it. */
export function createConnection(sources: ConnectionSources): Connection {
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 500)
  onCleanup(() => clearInterval(timer))

  // Once a try has failed, we are reconnecting until a connection opens again.
  let failedSinceConnected = false
  const kind = createMemo<ConnectionKind>(() => {
    const status = sources.status()
    if (status === 'connected') failedSinceConnected = false
    else if (sources.nextRetryAt() !== null) failedSinceConnected = true
    if (!browserOnline()) return 'offline'
    if (status === 'connected') return 'online'
    return failedSinceConnected ? 'reconnecting' : 'connecting'
  })

  return {
    kind,
    retryIn: () => {
      if (kind() !== 'reconnecting') return null
      const at = sources.nextRetryAt()
      return at === null ? 0 : Math.max(0, Math.ceil((at - now()) / 1000))
    },
    pending: sources.pending,
    failed: sources.failed,
  }
}
