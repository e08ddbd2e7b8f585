// The stock y-websocket client in Node (over `ws`), as a test sees it: a document, its provider,
// and the close events the relay sent.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { ACK_PARAM, MessageType, readAck } from '@parley/protocol'
import { waitFor } from './wait.ts'

// Every y-websocket provider adds a process 'exit' listener; a test opens dozens of them.
process.setMaxListeners(200)

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close codes the relay sent to this client, in order. */
  closes: number[]
  /** The reasons that came with them. */
  closeReasons: string[]
  synced(): Promise<void>
  destroy(): void
}

export interface ConnectOptions {
  doc?: Y.Doc
  params?: Record<string, string>
  connect?: boolean
}

export function connectClient(syncUrl: string, room: string, token: string | null, options: ConnectOptions = {}): Client {
  const doc = options.doc ?? new Y.Doc()
  const params: Record<string, string> = { ...(token ? { token } : {}), ...options.params }
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 500,
  })
  const closes: number[] = []
  const closeReasons: string[] = []
  provider.on('connection-close', (event) => {
    if (!event) return
    closes.push(event.code)
    closeReasons.push(event.reason)
  })
  return {
    doc,
    provider,
    closes,
    closeReasons,
    synced: () => waitFor(() => provider.synced, `${room} to sync`).then(() => undefined),
    destroy: () => {
      provider.destroy()
    },
  }
}

/** Waits until the relay closes this client and returns the close code. */
export const closedWith = (client: Client, what = 'the relay to close the connection') =>
  waitFor(() => client.closes[0], what)

/**
 * A stock client that opts in to acknowledgements (`?ack=1`) and keeps the newest one: `acked()`
 * is the state vector the relay has stored of this document. `connect: false` leaves it offline.
 */
export function connectAcking(syncUrl: string, room: string, token: string, doc: Y.Doc, options: { connect?: boolean } = {}): Client & { acked(): Map<number, number> } {
  const client = connectClient(syncUrl, room, token, { doc, params: { [ACK_PARAM]: '1' }, connect: false })
  let acked = new Map<number, number>()
  client.provider.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
    acked = readAck(decoder)
  }
  if (options.connect ?? true) client.provider.connect()
  return { ...client, acked: () => acked }
}
