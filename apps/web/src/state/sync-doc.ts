// One Yjs document kept in three places: memory, IndexedDB (y-indexeddb) and the relay (the
// stock y-websocket provider). It connects once the local copy is loaded, so that the first sync
// step already says what this device has. It knows nothing about what the document contains.

import { createSignal, type Accessor } from 'solid-js'
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import { CloseCode, MessageType } from '@parley/protocol'
import { config } from '../config.ts'

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected'

/** Why the relay closed a room for good (a 44xx close): the provider will not retry on its own. */
export type RoomRefusal = 'unauthorized' | 'forbidden' | 'unknown-room' | 'malformed' | 'refused'

export interface SyncDoc {
  readonly room: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  readonly status: Accessor<ConnectionStatus>
  /** True once the relay has answered our sync step 1 on the current connection. */
  readonly synced: Accessor<boolean>
  /** True once the IndexedDB copy (if any) is in `doc`. */
  readonly loaded: Accessor<boolean>
  readonly refusal: Accessor<RoomRefusal | null>
  /** Resolves once the local copy is loaded (at once without persistence). */
  whenLoaded(): Promise<void>
  /** Resolves once the relay has synced, or after `timeoutMs` (if given) when it has not. */
  whenSynced(timeoutMs?: number): Promise<void>
  destroy(): void
}

export interface SyncDocOptions {
  /** Keep a copy in IndexedDB, namespaced per user so that people sharing a browser never mix. */
  persistFor?: string
  /** Bearer token for the relay, used when the session cookie is not sent. */
  token?: string | null
  /** Called when the relay closes the room with 4401: the session is over. */
  onUnauthorized?: () => void
  /**
   * Send the whole document as the first frame of each connection until the relay has synced it
   * once. For chats created here: the relay registers a chat from its first content, which must
   * carry `meta`, and a message typed while the sync handshake is under way would otherwise
   * reach it first, as an update of its own.
   */
  sendStateFirst?: boolean
}

const DB_PREFIX = 'parley:'
const dbName = (userId: string, room: string) => `${DB_PREFIX}${userId}:${room}`

const refusalOf = (code: number): RoomRefusal => {
  switch (code) {
    case CloseCode.unauthorized:
      return 'unauthorized'
    case CloseCode.forbidden:
      return 'forbidden'
    case CloseCode.unknownRoom:
      return 'unknown-room'
    case CloseCode.malformed:
      return 'malformed'
    default:
      return 'refused'
  }
}

/**
 * Opens `room` with a fresh Y.Doc, or with `doc` when the caller has already written to it (a
 * chat created on this device).
 * @example const inbox = openSyncDoc(inboxRoom(user.id), { persistFor: user.id })
 */
export function openSyncDoc(room: string, options: SyncDocOptions = {}, doc = new Y.Doc()): SyncDoc {
  const [status, setStatus] = createSignal<ConnectionStatus>('connecting')
  const [synced, setSynced] = createSignal(false)
  const [loaded, setLoaded] = createSignal(!options.persistFor)
  const [refusal, setRefusal] = createSignal<RoomRefusal | null>(null)

  const params: Record<string, string> = options.token ? { token: options.token } : {}
  // Cross-tab BroadcastChannel is off: each tab syncs through the relay, which checks every write.
  const provider = new WebsocketProvider(config.syncUrl, room, doc, { connect: false, params, disableBc: true })
  provider.on('status', (event) => setStatus(event.status))
  provider.on('sync', (isSynced) => setSynced(isSynced))
  if (options.sendStateFirst) {
    // 'connected' is emitted as the socket opens, before the provider's own sync step 1.
    const sendState = (event: { status: ConnectionStatus }) => {
      if (event.status !== 'connected' || !provider.ws) return
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MessageType.sync)
      syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc))
      provider.ws.send(encoding.toUint8Array(encoder))
    }
    provider.on('status', sendState)
    provider.on('sync', (isSynced) => isSynced && provider.off('status', sendState))
  }
  provider.on('closed', (event) => {
    setRefusal(refusalOf(event.code))
    setStatus('disconnected')
    if (event.code === CloseCode.unauthorized) options.onUnauthorized?.()
  })

  let destroyed = false
  let started = false
  const connect = () => {
    if (destroyed || started) return
    started = true
    provider.connect()
  }
  let persistence: IndexeddbPersistence | null = null
  let whenLoaded: Promise<void> = Promise.resolve()
  if (options.persistFor) {
    persistence = new IndexeddbPersistence(dbName(options.persistFor, room), doc)
    whenLoaded = persistence.whenSynced.then(() => {
      setLoaded(true)
      connect()
    })
    // A browser that never opens IndexedDB (some private modes) must not keep us offline.
    setTimeout(connect, config.localLoadTimeoutMs)
  } else {
    connect()
  }

  return {
    room,
    doc,
    awareness: provider.awareness,
    status,
    synced,
    loaded,
    refusal,
    whenLoaded: () => whenLoaded,
    whenSynced: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve()
        const done = () => {
          clearTimeout(timer)
          provider.off('sync', onSync)
          resolve()
        }
        const onSync = (isSynced: boolean) => isSynced && done()
        const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs)
        provider.on('sync', onSync)
      }),
    destroy() {
      if (destroyed) return
      destroyed = true
      provider.awareness.setLocalState(null)
      provider.destroy()
      void persistence?.destroy()
      doc.destroy()
    },
  }
}

/** Deletes every IndexedDB copy kept for `userId` (signing out on a shared computer). */
export async function clearLocalData(userId: string): Promise<void> {
  if (typeof indexedDB.databases !== 'function') return
  const prefix = dbName(userId, '')
  const databases = await indexedDB.databases()
  await Promise.all(
    databases
      .map((db) => db.name)
      .filter((name): name is string => !!name?.startsWith(prefix))
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name)
            request.onsuccess = request.onerror = () => resolve()
          }),
      ),
  )
}
