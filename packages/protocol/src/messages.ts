// y-websocket message types, plus Parley's acknowledgement. The first four are the stock
// protocol's (y-protocols); `ack` is only ever sent to clients that connect with `?ack=1`, because
// a stock client logs an error for a message type it does not know.
//
// ack frame: varUint(MessageType.ack) · varUint8Array(Yjs state vector of what is stored)
// A client's write (clientId, clock) is stored once the acknowledged vector has
// `stateVector.get(clientId) > clock`.

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  ack: 100,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** The query parameter a Parley client adds to opt in to acknowledgements. */
export const ACK_PARAM = 'ack'

/**
 * The query parameter (`?presence=compact`) a client adds to get awareness changes only: the
 * relay passes on joins, leaves and changed states, never unchanged renewals, answers a
 * connection with one message of every state, and keeps the socket alive with an empty awareness
 * message in answer to each renewal that changed nothing (docs/protocol.md, "Compact presence").
 */
export const PRESENCE_PARAM = 'presence'
export const COMPACT_PRESENCE = 'compact'

/** Encodes an acknowledgement frame around an encoded Yjs state vector. */
export function encodeAck(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.ack)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** Reads the state vector of an ack frame whose type has already been read from `decoder`. */
export function readAck(decoder: decoding.Decoder): Map<number, number> {
  const sv = decoding.readVarUint8Array(decoder)
  const inner = decoding.createDecoder(sv)
  const result = new Map<number, number>()
  const count = decoding.readVarUint(inner)
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(inner)
    const clock = decoding.readVarUint(inner)
    result.set(client, clock)
  }
  return result
}
