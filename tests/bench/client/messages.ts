// Writers for the y-websocket messages the load clients send, in any arm's dialect, and a reader
// that tells what kind of message came in. Byte for byte what y-protocols writes, without an
// Awareness or a Y.Doc behind it, so that a load client costs little.

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { Msg, SyncStep, type Dialect } from './dialect.ts'

/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0])

export function syncStep1(dialect: Dialect, room: string, stateVector: Uint8Array): Uint8Array {
  const encoder = dialect.begin(room)
  encoding.writeVarUint(encoder, Msg.sync)
  encoding.writeVarUint(encoder, SyncStep.step1)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** Sync step 2, as an answer to the server's step 1 (Hocuspocus wants its reply type). */
export function syncStep2(dialect: Dialect, room: string, update: Uint8Array): Uint8Array {
  const encoder = dialect.begin(room)
  encoding.writeVarUint(encoder, dialect.replyType)
  encoding.writeVarUint(encoder, SyncStep.step2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function syncUpdate(dialect: Dialect, room: string, update: Uint8Array): Uint8Array {
  const encoder = dialect.begin(room)
  encoding.writeVarUint(encoder, Msg.sync)
  encoding.writeVarUint(encoder, SyncStep.update)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** One client's awareness state (null: it left), as y-protocols' encodeAwarenessUpdate writes it. */
export function awarenessUpdate(dialect: Dialect, room: string, clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify(state))
  const encoder = dialect.begin(room)
  encoding.writeVarUint(encoder, Msg.awareness)
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  return encoding.toUint8Array(encoder)
}

export type Incoming =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2' | 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'auth'; denied: boolean }
  | { kind: 'status' | 'other'; type: number }

/** What a message from the server is. Copies nothing: the arrays are views into `payload`. */
export function readIncoming(dialect: Dialect, payload: Uint8Array): Incoming {
  const decoder = dialect.open(payload)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case Msg.sync:
    case Msg.syncReply: {
      const step = decoding.readVarUint(decoder)
      const data = decoding.readVarUint8Array(decoder)
      if (step === SyncStep.step1) return { kind: 'step1', stateVector: data }
      return { kind: step === SyncStep.step2 ? 'step2' : 'update', update: data }
    }
    case Msg.awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case Msg.auth:
      // Hocuspocus' AuthMessageType: 1 PermissionDenied, 2 Authenticated.
      return { kind: 'auth', denied: decoding.readVarUint(decoder) === 1 }
    case Msg.syncStatus:
      return { kind: 'status', type }
    default:
      return { kind: 'other', type }
  }
}

/** The type of a server message, reading no further than its first bytes. */
export function peekType(dialect: Dialect, payload: Uint8Array): { type: number; step: number } {
  const decoder = dialect.open(payload)
  const type = decoding.readVarUint(decoder)
  const step = type === Msg.sync || type === Msg.syncReply ? decoding.readVarUint(decoder) : -1
  return { type, step }
}
