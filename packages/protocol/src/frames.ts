// Every frame of the y-websocket protocol that Parley's relay, web app, tests and bench exchange,
// each `encodeX` with its reader in `readFrame`. The framing: varUint(message type), then for
// sync a varUint step and a varUint8Array payload (a state vector for step 1, an update for step
// 2 and for updates), for awareness a varUint8Array of y-protocols' awareness update, for query
// awareness nothing. Payloads are bytes here: Yjs documents are the callers' business.

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType } from './messages.ts'

/** y-protocols' sync steps. */
export const SyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const
export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep]

const frame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

const sync = (step: SyncStep, payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, payload)
  })

/** Sync step 1: "this is what I have" (an encoded state vector). */
export const encodeSyncStep1 = (stateVector: Uint8Array) => sync(SyncStep.step1, stateVector)
/** Sync step 2: the answer to a step 1 (an update with what the asker lacks). */
export const encodeSyncStep2 = (update: Uint8Array) => sync(SyncStep.step2, update)
/** A document update. */
export const encodeUpdate = (update: Uint8Array) => sync(SyncStep.update, update)
/** An awareness update, as y-protocols' encodeAwarenessUpdate writes it. */
export const encodeAwareness = (awarenessUpdate: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(e, awarenessUpdate)
  })
export const encodeQueryAwareness = () => frame((e) => encoding.writeVarUint(e, MessageType.queryAwareness))

export type Frame =
  | { type: 'sync'; step: SyncStep; payload: Uint8Array }
  | { type: 'awareness'; payload: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }
  | { type: 'ack'; stateVector: Uint8Array }

/** Why a frame could not be read. */
export class FrameError extends Error {
  override name = 'FrameError'
}

/** Reads one frame; throws FrameError for an unknown type or step, or a decoding error when truncated. */
export function readFrame(bytes: Uint8Array): Frame {
  const decoder = decoding.createDecoder(bytes)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder)
      if (step !== SyncStep.step1 && step !== SyncStep.step2 && step !== SyncStep.update) throw new FrameError(`unknown sync step ${step}`)
      return { type: 'sync', step, payload: decoding.readVarUint8Array(decoder) }
    }
    case MessageType.awareness:
      return { type: 'awareness', payload: decoding.readVarUint8Array(decoder) }
    case MessageType.queryAwareness:
      return { type: 'query-awareness' }
    case MessageType.auth:
      return { type: 'auth' }
    case MessageType.ack:
      return { type: 'ack', stateVector: decoding.readVarUint8Array(decoder) }
    default:
      throw new FrameError(`unknown message type ${type}`)
  }
}
