// How each arm frames the y-websocket protocol. Parley, the y-websocket reference server and the
// raw ws broadcaster carry bare y-websocket messages on one socket per room, the room in the URL;
// Hocuspocus prefixes every message with the document name and wants an auth message first.
// Writers and readers of the messages themselves are in messages.ts.

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { ArmId } from '../lib/arms.ts'

export const Msg = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Hocuspocus: a sync step 2 that must not be answered with another step 1. */
  syncReply: 4,
  /** Hocuspocus: the server has applied an update. */
  syncStatus: 8,
} as const

export const SyncStep = { step1: 0, step2: 1, update: 2 } as const

export interface Dialect {
  name: 'y-websocket' | 'hocuspocus' | 'broadcast'
  /** Path and query of the WebSocket URL for a room. */
  path(room: string, token: string): string
  /** Starts an outgoing message: the document name where the dialect wants one. */
  begin(room: string): encoding.Encoder
  /** Reads past the document name of an incoming message. */
  open(payload: Uint8Array): decoding.Decoder
  /** Messages sent once the socket is open, before sync step 1. */
  hello(room: string, token: string): Uint8Array[]
  /** Message type used to answer the server's sync step 1. */
  replyType: number
  /** Whether the server answers sync step 1 itself (the raw broadcaster does not). */
  serverSyncs: boolean
}

const bare = (name: 'y-websocket' | 'broadcast', serverSyncs: boolean): Dialect => ({
  name,
  path: (room, token) => `/${room}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
  begin: () => encoding.createEncoder(),
  open: (payload) => decoding.createDecoder(payload),
  hello: () => [],
  replyType: Msg.sync,
  serverSyncs,
})

/** Parley's relay and the y-websocket reference server: the stock protocol. */
export const yWebsocket = (prefix: string): Dialect => {
  const d = bare('y-websocket', true)
  return { ...d, path: (room, token) => `${prefix}${d.path(room, token)}` }
}

/** The raw ws ceiling: the stock framing, but nobody on the server answers. */
export const broadcast: Dialect = bare('broadcast', false)

/** Hocuspocus 2+: `varString(documentName)` before every message, auth before anything else. */
export const hocuspocus: Dialect = {
  name: 'hocuspocus',
  path: () => '/',
  begin(room) {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, room)
    return encoder
  },
  open(payload) {
    const decoder = decoding.createDecoder(payload)
    decoding.readVarString(decoder)
    return decoder
  },
  hello(room, token) {
    const encoder = this.begin(room)
    encoding.writeVarUint(encoder, Msg.auth)
    encoding.writeVarUint(encoder, 0) // AuthMessageType.Token
    encoding.writeVarString(encoder, token || 'bench')
    return [encoding.toUint8Array(encoder)]
  },
  replyType: Msg.syncReply,
  serverSyncs: true,
}

/** The dialect of each arm's clients (a multi-process arm speaks its one-process arm's). */
export function dialectFor(arm: ArmId): Dialect {
  if (arm === 'parley' || arm === 'parley-before' || arm.startsWith('parley-pg-')) return yWebsocket('/sync')
  if (arm === 'hocuspocus' || arm.startsWith('hocuspocus-redis-')) return hocuspocus
  if (arm === 'y-websocket') return yWebsocket('')
  return broadcast
}
