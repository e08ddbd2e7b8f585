// Encoders for the frames a room sends. y-protocols' sync module writes the sync messages.

import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import type * as Y from 'yjs'
import { MessageType } from '@parley/protocol'

const frame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export const syncStep1Frame = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeSyncStep1(e, doc)
  })

export const syncStep2Frame = (doc: Y.Doc, stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeSyncStep2(e, doc, stateVector)
  })

/** A sync step 2 frame carrying `update` as it is (the whole document, for a client that has none of it). */
export const syncStep2UpdateFrame = (update: Uint8Array) => {
  // Header and update in one copy: the encoder would copy a 10 MB update twice.
  const header = frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint(e, update.length)
  })
  const out = new Uint8Array(header.length + update.length)
  out.set(header)
  out.set(update, header.length)
  return out
}

export const updateFrame = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeUpdate(e, update)
  })

export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  })
