// What the relay has stored of one document, as a Yjs state vector: from the relay's
// acknowledgements (message type 100, for clients that connect with `?ack=1`) and from whatever
// the relay sent us (it stores before it passes anything on). A write (client, clock) is stored
// once `acked.get(client) > clock`. The vector is kept beside the document in IndexedDB, so marks
// survive a reload. This module does not know what the document contains.

import { createSignal, type Accessor } from 'solid-js'
import * as Y from 'yjs'
import type * as decoding from 'lib0/decoding'
import { MessageType, readAck } from '@parley/protocol'
import type { WebsocketProvider } from 'y-websocket'

export type StateVector = ReadonlyMap<number, number>

/** Where the acknowledged vector is kept between page loads (y-indexeddb's custom store). */
export interface AckStore {
  get(key: string): Promise<unknown>
  set(key: string, value: ArrayBuffer): Promise<unknown>
}

export interface AckTracker {
  /** What the relay is known to have stored. */
  acked: Accessor<StateVector>
  /** True while the document holds writes the relay has not stored yet (from any client). */
  unsent: Accessor<boolean>
  /** Reads the vector kept in `store` and keeps it there from now on. */
  load(store: AckStore): Promise<void>
  destroy(): void
}

const ACKED_KEY = 'acked'

/** True when `doc` holds something `acked` does not cover. */
export const hasUnsent = (doc: Y.Doc, acked: StateVector) => {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((acked.get(client) ?? 0) < clock) return true
  }
  return false
}

/** Tracks acknowledgements for `doc` as synced by `provider` (which must connect with `?ack=1`). */
export function trackAcks(doc: Y.Doc, provider: WebsocketProvider): AckTracker {
  const [acked, setAcked] = createSignal<StateVector>(new Map())
  const [unsent, setUnsent] = createSignal(hasUnsent(doc, acked()))
  let store: AckStore | null = null

  const merge = (vector: Iterable<[number, number]>) => {
    const next = new Map(acked())
    let changed = false
    for (const [client, clock] of vector) {
      if ((next.get(client) ?? 0) >= clock) continue
      next.set(client, clock)
      changed = true
    }
    if (!changed) return
    setAcked(next)
    setUnsent(hasUnsent(doc, next))
    // A copy of its own buffer: y-indexeddb's typings take an ArrayBuffer, not a view.
    void store?.set(ACKED_KEY, new Uint8Array(Y.encodeStateVector(next)).buffer)
  }

  provider.messageHandlers[MessageType.ack] = (_encoder: unknown, decoder: decoding.Decoder) => merge(readAck(decoder))

  const onTransaction = (tr: Y.Transaction) => {
    if (tr.origin === provider) {
      // Everything the relay sent is stored there: it commits before it passes anything on.
      const grown: Array<[number, number]> = []
      for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) grown.push([client, clock])
      merge(grown)
    }
    setUnsent(hasUnsent(doc, acked()))
  }
  doc.on('afterTransaction', onTransaction)

  return {
    acked,
    unsent,
    async load(target) {
      const kept = await target.get(ACKED_KEY)
      store = target
      if (kept instanceof ArrayBuffer) merge(Y.decodeStateVector(new Uint8Array(kept)))
      else setUnsent(hasUnsent(doc, acked()))
    },
    destroy() {
      doc.off('afterTransaction', onTransaction)
      store = null
    },
  }
}
