// One Yjs document kept in three places: memory, IndexedDB (y-indexeddb) and the relay (the
// stock y-websocket provider). It connects once the local copy is loaded, so that the first sync
// step already says what this device has. With `acks`, it also knows what the relay has stored
// (see acks.ts). It knows nothing about what the document contains.

import { createComputed, createRoot, createSignal, on, type Accessor } from 'solid-js'
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import { ACK_PARAM, COMPACT_PRESENCE, CloseCode, PRESENCE_PARAM, encodeUpdate, isFinalClose } from '@parley/protocol'
import { config } from '../config.ts'
import { trackAcks, type StateVector } from './acks.ts'
import { ApiError, api, usesBearer } from './api.ts'
import { indexedDbUsable } from './indexeddb-usable.ts'
import { clearStoredCopy, dbName } from './local-copies.ts'
import { onNetworkChange } from './network.ts'
import { ticketedWebSocket } from './ticket-socket.ts'

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected'

/** Why the relay closed a room for good (a 44xx close): the provider will not retry on its own. */
export type RoomRefusal = 'unauthorized' | 'forbidden' | 'over-limit' | 'unknown-room' | 'malformed' | 'refused'

/** Refusals of something this device wrote (the writes are set aside for Retry or Discard), not of the reader. */
export const isWriteRefusal = (refusal: RoomRefusal | null): boolean => refusal === 'forbidden' || refusal === 'over-limit'

export interface SyncDoc {
  readonly room: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  readonly status: Accessor<ConnectionStatus>
  /** Whether the socket is open right now (not reactive; true before the status event says so). */
  isConnected(): boolean
  /** True once the relay has answered our sync step 1 on the current connection. */
  readonly synced: Accessor<boolean>
  /** True once the IndexedDB copy (if any) is in `doc`. */
  readonly loaded: Accessor<boolean>
  readonly refusal: Accessor<RoomRefusal | null>
  /** The relay's words with the refusal (for example which limit a write passed). */
  readonly refusalReason: Accessor<string>
  /** When the provider tries the relay next, while it is not connected (ms since the epoch). */
  readonly nextRetryAt: Accessor<number | null>
  /** What the relay has stored of this document (empty without `acks`). */
  readonly acked: Accessor<StateVector>
  /** True while the document holds writes the relay has not stored (always false without `acks`). */
  readonly unsent: Accessor<boolean>
  /** Resolves once the local copy is loaded (at once without persistence). */
  whenLoaded(): Promise<void>
  /** Resolves with true once the relay has synced, or with false after `timeoutMs` (if given). */
  whenSynced(timeoutMs?: number): Promise<boolean>
  destroy(): void
  /** Destroys this copy and deletes it from IndexedDB (the relay's copy is untouched). */
  discardLocal(): Promise<void>
}

export interface SyncDocOptions {
  /** Keep a copy in IndexedDB, namespaced per user so that people sharing a browser never mix. */
  persistFor?: string
  /** Called when the relay closes the room with 4401: the session is over. */
  onUnauthorized?: () => void
  /**
   * Ask the relay for acknowledgements, and send what it has not stored as the first frame of
   * each connection. A chat created here is registered from its first content, which must carry
   * `meta`; a message typed during the sync handshake would otherwise reach the relay first, as
   * an update of its own, and be refused.
   */
  acks?: boolean
  /**
   * Ask the relay for awareness changes only (`?presence=compact`): no unchanged renewals of
   * others. The caller must then keep remote states itself (compact-awareness.ts).
   */
  compactPresence?: boolean
  /**
   * Connect only while the document holds writes the relay has not stored (needs `acks`): an
   * older epoch of a chat, read from this device, that syncs what was written there offline (or
   * an edit made there later) and then lets its socket go.
   */
  onlyWhileUnsent?: boolean
}

/**
 * How long to wait after a 4503 (the relay's storage cannot write): the seconds its reason names
 * (`storage unavailable, retry in 30 s`, docs/protocol.md), within sane bounds.
 */
const storageWaitMs = (reason: string): number => {
  const seconds = Number(/retry in (\d+) s/u.exec(reason)?.[1] ?? NaN)
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 1), 600) * 1000 : config.storageRetryMs
}

const fetchSyncTicket = async () => (await api.syncTicket()).ticket
const ticketFailure = (error: unknown) => (error instanceof ApiError && error.status === 401 ? 'unauthorized' : 'unavailable')

const refusalOf = (code: number): RoomRefusal => {
  switch (code) {
    case CloseCode.unauthorized:
      return 'unauthorized'
    case CloseCode.forbidden:
      return 'forbidden'
    case CloseCode.overLimit:
      return 'over-limit'
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
  const [refusalReason, setRefusalReason] = createSignal('')
  const [nextRetryAt, setNextRetryAt] = createSignal<number | null>(null)

  // No credentials in the URL, where proxies log it: the app is served by the relay, so the
  // browser sends the session cookie with the upgrade (docs/protocol.md, "Connecting").
  const params: Record<string, string> = {
    ...(options.acks ? { [ACK_PARAM]: '1' } : {}),
    ...(options.compactPresence ? { [PRESENCE_PARAM]: COMPACT_PRESENCE } : {}),
  }
  // Cross-tab BroadcastChannel is off: each tab syncs through the relay, which checks every write,
  // and anything that arrives through the provider is known to be stored there (see acks.ts).
  const provider = new WebsocketProvider(config.syncUrl, room, doc, {
    connect: false,
    params,
    disableBc: true,
    // A 4503 stops the provider's own quick retries; the 'closed' handler waits out the relay's time.
    shouldReconnect: (event) => event.code !== CloseCode.storageUnavailable && !isFinalClose(event.code),
    // Without the cookie (the embedded panel), each attempt opens with a fresh single-use ticket.
    ...(usesBearer() ? { WebSocketPolyfill: ticketedWebSocket(fetchSyncTicket, ticketFailure) } : {}),
  })
  let storageRetry: { at: number; timer: ReturnType<typeof setTimeout> } | null = null
  const acks = options.acks ? trackAcks(doc, provider) : null
  provider.on('status', (event) => {
    setStatus(event.status)
    if (event.status !== 'disconnected') setNextRetryAt(null)
  })
  provider.on('sync', (isSynced) => setSynced(isSynced))
  provider.on('status', (event) => {
    // Our awareness again, with a new clock: a relay that dropped it after its grace period
    // ignores the unchanged state the provider re-sends, and we would stay invisible to others
    // until the provider's 15 s renewal.
    const state = provider.awareness.getLocalState()
    if (event.status === 'connected' && state !== null) provider.awareness.setLocalState({ ...state })
  })
  provider.on('connection-close', () => {
    setStatus('disconnected')
    // The provider counts the failed attempt right after this event and retries after
    // min(2^attempts × 100 ms, maxBackoffTime): the same formula, read once it has counted.
    queueMicrotask(() => {
      if (!provider.shouldConnect) return setNextRetryAt(storageRetry?.at ?? null)
      setNextRetryAt(Date.now() + Math.min(2 ** provider.wsUnsuccessfulReconnects * 100, provider.maxBackoffTime))
    })
  })
  if (acks) {
    // 'connected' is emitted as the socket opens, before the provider's own sync step 1.
    provider.on('status', (event) => {
      if (event.status !== 'connected' || !provider.ws || !acks.unsent()) return
      provider.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Map(acks.acked())))))
    })
  }
  provider.on('closed', (event) => {
    setRefusalReason(event.reason)
    if (event.code === CloseCode.storageUnavailable) {
      // Not a refusal: nothing was stored, and the writes are still here to send again later.
      const waitMs = storageWaitMs(event.reason)
      if (storageRetry) clearTimeout(storageRetry.timer)
      const timer = setTimeout(() => {
        storageRetry = null
        if (!destroyed && wanted()) provider.connect()
      }, waitMs)
      storageRetry = { at: Date.now() + waitMs, timer }
      setNextRetryAt(storageRetry.at)
      setStatus('disconnected')
      return
    }
    setRefusal(refusalOf(event.code))
    setStatus('disconnected')
    if (event.code === CloseCode.unauthorized) options.onUnauthorized?.()
  })

  // A socket does not always notice that the network went away (Chromium keeps it open, silent);
  // closing it lets the provider retry on its usual schedule. It is not a goodbye: presence stays
  // for the relay's grace period. Back online, we try at once instead of waiting out the backoff.
  const stopWatchingNetwork = onNetworkChange((online) => {
    if (!started || destroyed || refusal()) return
    if (!online) provider.ws?.close()
    else if (!provider.ws && wanted()) provider.connect()
  })

  let destroyed = false
  let started = false
  const wanted = () => !options.onlyWhileUnsent || (acks?.unsent() ?? false)
  let stopFollowingUnsent = () => {}
  const connect = () => {
    if (destroyed || started) return
    started = true
    if (!options.onlyWhileUnsent || !acks) return provider.connect()
    // Follows what is unsent: connects for it, and disconnects once the relay has stored it all.
    stopFollowingUnsent = createRoot((dispose) => {
      createComputed(on(acks.unsent, (unsent) => (unsent ? provider.connect() : provider.disconnect())))
      return dispose
    })
  }
  let persistence: IndexeddbPersistence | null = null
  let whenLoaded: Promise<void> = Promise.resolve()
  if (options.persistFor) {
    const name = dbName(options.persistFor, room)
    // y-indexeddb never settles when the browser refuses the database: ask first, and go on
    // without a local copy when it does.
    whenLoaded = indexedDbUsable()
      .then((usable) => {
        if (!usable || destroyed) return
        const local = new IndexeddbPersistence(name, doc)
        persistence = local
        return Promise.all([local.whenSynced, acks?.load(local)])
      })
      .then(() => {
        setLoaded(true)
        connect()
      })
    // A browser that never opens IndexedDB (some private modes) must not keep us offline.
    setTimeout(connect, config.localLoadTimeoutMs)
  } else {
    connect()
  }

  const destroy = () => {
    if (destroyed) return Promise.resolve()
    destroyed = true
    if (storageRetry) clearTimeout(storageRetry.timer)
    stopWatchingNetwork()
    stopFollowingUnsent()
    acks?.destroy()
    provider.awareness.setLocalState(null)
    provider.destroy()
    const closing = persistence?.destroy() ?? Promise.resolve()
    doc.destroy()
    return closing
  }

  return {
    room,
    doc,
    awareness: provider.awareness,
    status,
    isConnected: () => provider.wsconnected,
    synced,
    loaded,
    refusal,
    refusalReason,
    nextRetryAt,
    acked: () => acks?.acked() ?? new Map(),
    unsent: () => acks?.unsent() ?? false,
    whenLoaded: () => whenLoaded,
    whenSynced: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (provider.synced) return resolve(true)
        const done = (result: boolean) => {
          clearTimeout(timer)
          provider.off('sync', onSync)
          resolve(result)
        }
        const onSync = (isSynced: boolean) => isSynced && done(true)
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => done(false), timeoutMs)
        provider.on('sync', onSync)
      }),
    destroy: () => void destroy(),
    async discardLocal() {
      await destroy()
      if (options.persistFor) await clearStoredCopy(dbName(options.persistFor, room))
    },
  }
}
