// The frames a room sends, from its Yjs document and awareness; the wire format itself is
// @parley/protocol's (frames.ts there, with the reader).

import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MessageType, SyncStep, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '@parley/protocol'

export const syncStep1Frame = (doc: Y.Doc) => encodeSyncStep1(Y.encodeStateVector(doc))

export const syncStep2Frame = (doc: Y.Doc, stateVector: Uint8Array) => encodeSyncStep2(Y.encodeStateAsUpdate(doc, stateVector))

/** A sync step 2 frame carrying `update` as it is (the whole document, for a client that has none of it). */
export const syncStep2UpdateFrame = (update: Uint8Array) => {
  // Header and update in one copy: encodeSyncStep2 would copy a 10 MB update twice.
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, SyncStep.step2)
  encoding.writeVarUint(encoder, update.length)
  const header = encoding.toUint8Array(encoder)
  const out = new Uint8Array(header.length + update.length)
  out.set(header)
  out.set(update, header.length)
  return out
}

export const updateFrame = (update: Uint8Array) => encodeUpdate(update)

export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
