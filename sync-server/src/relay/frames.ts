// The frames a room sends, from its Yjs document and awareness; the wire format itself is
// @parley/protocol's (frames.ts there, with the reader).

import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MessageType, SyncStep, encodeAwareness, encodeSyncStep1, encodeSyncStep2 } from '@parley/protocol'

export const syncStep1Frame = (doc: Y.Doc) => encodeSyncStep1(Y.encodeStateVector(doc))

export const syncStep2Frame = (doc: Y.Doc, stateVector: Uint8Array) => encodeSyncStep2(Y.encodeStateAsUpdate(doc, stateVector))

/** A sync step 2 frame carrying `update` as it is (the whole document, for a client that has none of it). */
export const syncStep2UpdateFrame = (update: Uint8Array) => syncFrame(SyncStep.step2, update, false)

/**
 * An update frame, as `encodeUpdate` writes it, made in one allocation: the room makes one per
 * change and sends the same bytes to every peer. A Buffer, which `ws` sends without wrapping it.
 */
export const updateFrame = (update: Uint8Array) => syncFrame(SyncStep.update, update, true)

/**
 * varUint(sync) · varUint(step) · varUint8Array(payload), header and payload in one buffer.
 * `shortLived`: small frames may come from Node's shared pool, which is cheaper to allocate but
 * keeps its whole 8 KiB slab alive while any frame in it lives (not for the cached full state).
 */
function syncFrame(step: SyncStep, payload: Uint8Array, shortLived: boolean): Uint8Array {
  const length = payload.length
  let lengthBytes = 1
  for (let rest = length >>> 7; rest > 0; rest >>>= 7) lengthBytes++
  const size = 2 + lengthBytes + length
  const out = shortLived ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size)
  out[0] = MessageType.sync
  out[1] = step
  let at = 2
  let rest = length
  while (rest > 0x7f) {
    out[at++] = 0x80 | (rest & 0x7f)
    rest >>>= 7
  }
  out[at++] = rest
  out.set(payload, at)
  return out
}

export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
