// The relay core: turns an authenticated socket into a peer of the right room. It knows nothing
// of HTTP servers or socket libraries: transport/ws/ hands it sockets as ClientSockets. Storage,
// fan-out, the directory of people and the chat index are passed in.

import { randomUUID } from 'node:crypto'
import { CloseCode, RoomKind, parseRoom, type Room } from '@parley/protocol'
import type { Authenticated, Authenticator, Credentials, Directory } from '../accounts/accounts.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { PendingInboxRows } from '../chats/pending-inbox-rows.ts'
import type { Sessions } from '../accounts/sessions.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import { childOnUse } from '../log-on-use.ts'
import { NO_RELAY_METRICS, type RelayMetrics } from '../metrics/relay-metrics.ts'
import type { DocStore } from '../storage/doc-store.ts'
import { roomAccess, type Access } from './access.ts'
import type { Bus } from './bus.ts'
import { createChatIndexing, type ChatIndexing } from './chat-indexing.ts'
import { createChatPolicy } from './chat-policy.ts'
import { createCommitter } from './committer.ts'
import { createLoopLoad } from './loop-load.ts'
import type { ClientSocket } from './client-socket.ts'
import { openConnection, type ClosedListener, type ConnectionContext, type OpenConnection } from './connection.ts'
import type { DocRoom, StoredChange } from './doc-room.ts'
import { createInboxPolicy } from './inbox-policy.ts'
import type { RoomPolicy } from './policy.ts'
import { createPresencePolicy } from './presence-policy.ts'
import { createQuotas } from './quotas.ts'
import { createRoomBus } from './room-bus.ts'
import { RoomManager } from './rooms.ts'
import { RoomConnections } from './room-connections.ts'
import { createSessionWatch, type SessionWatch, type WatchedSession } from './session-watch.ts'
import { createSideWrites } from './side-writes.ts'
import { createStorageOutage, storageReason } from './storage-outage.ts'
import { isStorageUnavailable } from '../storage/storage-failure.ts'

export interface RelayDeps {
  config: Pick<
    Config,
    | 'roomIdleMs'
    | 'compactAfterUpdates'
    | 'presenceGraceMs'
    | 'messagesPerSecond'
    | 'maxQueuedBytes'
    | 'sessionCheckMs'
    | 'storageRetryMs'
    | 'commitWaitMs'
    | 'maxDocBytes'
    | 'userBytesPerMinute'
    | 'chatsPerHour'
    | 'maxClockSkewMs'
    | 'maxAwarenessStateBytes'
    | 'maxAwarenessIdsPerConnection'
    | 'catchUpMs'
    | 'epochMessages'
  >
  store: DocStore
  chats: ChatIndex
  pendingRows: PendingInboxRows
  directory: Directory
  authenticator: Authenticator
  sessions: Pick<Sessions, 'changeSeq' | 'stillValid'>
  bus: Bus
  log: Logger
  /** The relay's clock (ms since the epoch); tests pass their own. */
  clock?: () => number
  /** Where the relay reports connections, frames, stores and commits; nothing when absent. */
  metrics?: RelayMetrics
  /** Told when the relay has stored the seal of a chat's epoch (the history cache renders it then). */
  onSealed?(chatId: string, epoch: number): void
}

/** What the transport knows about an upgrade request. */
export interface UpgradeInfo extends Credentials {
  /** The room name: the path after `/sync/`. */
  room: string
  /** `?ack=1` was given. */
  ack: boolean
  /** `?presence=compact` was given: awareness changes only (peer.ts). */
  compactAwareness?: boolean
  /** The upgrade request's id (X-Request-Id, or one made up), repeated in the session's log lines. */
  requestId?: string | undefined
}

export interface Relay {
  /**
   * Authenticates the socket and joins it to its room; false when it was refused (and closed).
   * Frames the client sends meanwhile wait in the socket (ClientSocket's promise).
   */
  accept(socket: ClientSocket, info: UpgradeInfo): Promise<boolean>
  readonly rooms: RoomManager
  /** Documents in memory now, by kind (for metrics). */
  roomsByKind(): Record<RoomKind, number>
  /** Stores everything and closes every connection. */
  close(): Promise<void>
}

/**
 * A session's request id, kept for as long as its socket is open. randomUUID() returns its 36
 * characters as a tree of concatenated pieces, about 490 bytes of heap; copied flat, 61.
 */
const newRequestId = () => Buffer.from(randomUUID(), 'latin1').toString('latin1')

/** An open connection as its session watch sees it: ended with its session, unwatched when it closes. */
class WatchedConnection implements WatchedSession, ClosedListener {
  constructor(
    readonly sessionHash: string,
    readonly expiresAt: number,
    private readonly connection: OpenConnection,
    private readonly watch: SessionWatch,
  ) {}

  sessionEnded() {
    this.connection.sessionEnded()
  }

  connectionClosed() {
    this.watch.unwatch(this)
  }
}

export function createRelay(deps: RelayDeps): Relay {
  const { config, store, chats, pendingRows, directory, authenticator, bus, log } = deps
  const clock = deps.clock ?? Date.now
  const metrics = deps.metrics ?? NO_RELAY_METRICS
  const loaded = new Map<DocRoom, RoomKind>()
  const sessionWatch = createSessionWatch({
    sessions: deps.sessions,
    intervalMs: config.sessionCheckMs,
    onError: (err) => log.error({ err }, 'checking sessions failed'),
  })
  let rooms: RoomManager
  const open = new RoomConnections()
  const outage = createStorageOutage({ retryMs: config.storageRetryMs })
  const committer = createCommitter(store, {
    waitMs: config.commitWaitMs,
    busy: createLoopLoad(),
    onError(err, names) {
      if (isStorageUnavailable(err)) {
        // Their writes were not stored: their sockets close with 4503 and wait out the outage,
        // instead of reloading the room at once and sending the same writes into the same failure.
        outage.failed()
        log.warn({ err, rooms: [...names], retryInMs: config.storageRetryMs }, 'storage is unavailable; those rooms wait')
        const reason = storageReason(outage.retryAfterMs())
        for (const name of names) open.closeRoom(name, CloseCode.storageUnavailable, reason)
      } else {
        log.error({ err, rooms: [...names] }, 'storing updates failed; those rooms reload')
      }
      for (const name of names) rooms.discard(name)
    },
    onCommitted: (writes, seqs, seconds) => {
      rooms.committed(writes, seqs)
      metrics.committed(seconds, writes.length)
    },
  })
  // The index's side-table writes are gathered for a moment, not given a commit per message each.
  // Chat indexing computes its rows when they are handed over, not per turn.
  const sideWrites = createSideWrites(committer, {
    rows: { collect: (limit) => indexing.collect(limit), owedChats: () => indexing.owedChats() },
  })
  const indexing: ChatIndexing = createChatIndexing({
    chats,
    pendingRows,
    directory,
    log,
    epochMessages: config.epochMessages,
    ...(deps.onSealed ? { onSealed: deps.onSealed } : {}),
    afterCommit: (fn) => sideWrites.afterCommit(fn),
    index: (writes) => sideWrites.index(writes),
    owe: () => sideWrites.owe(),
    onWaiting: (userIds) => userIds.forEach((userId) => bus.publish({ kind: 'inbox-hint', userId })),
  })
  // Another relay may count a late write to an epoch not loaded here: read the stored stats again.
  let refreshing = false
  const epochRefresh = bus.shared
    ? setInterval(() => {
        if (refreshing) return
        refreshing = true
        indexing
          .refreshEpochs()
          .catch((err: unknown) => log.error({ err }, 'reading epoch stats again failed'))
          .finally(() => (refreshing = false))
      }, config.catchUpMs)
    : null
  epochRefresh?.unref()
  const roomBus = createRoomBus({ bus, store, log, onInboxHint: (userId) => indexing.takeWaiting(userId), catchUpEveryMs: bus.shared ? config.catchUpMs : 0 })
  // One listener per kind of room, shared by every room of that kind.
  const countStoredOf = (kind: RoomKind) => (change: StoredChange) => {
    if (change.origin.kind === 'connection') metrics.updateStored(kind)
  }
  const countStored: Record<RoomKind, (change: StoredChange) => void> = { chat: countStoredOf('chat'), inbox: countStoredOf('inbox'), presence: countStoredOf('presence') }
  const policyFor = (room: Room): RoomPolicy => {
    switch (room.kind) {
      case 'chat':
        return createChatPolicy({ chatId: room.chatId, epoch: room.epoch, directory, maxClockSkewMs: config.maxClockSkewMs })
      case 'inbox':
        return createInboxPolicy()
      case 'presence':
        return createPresencePolicy()
    }
  }
  rooms = new RoomManager({
    store,
    committer,
    bus,
    log,
    roomIdleMs: config.roomIdleMs,
    compactAfterUpdates: config.compactAfterUpdates,
    presenceGraceMs: config.presenceGraceMs,
    quotas: createQuotas({ bytesPerMinute: config.userBytesPerMinute, chatsPerHour: config.chatsPerHour }, clock),
    limits: {
      maxDocBytes: config.maxDocBytes,
      awareness: { maxStateBytes: config.maxAwarenessStateBytes, maxIdsPerPeer: config.maxAwarenessIdsPerConnection },
    },
    clock,
    policyFor,
    onLoaded(room, parsed) {
      loaded.set(room, parsed.kind)
      roomBus.attach(room, parsed)
      room.onStored(countStored[parsed.kind])
      if (parsed.kind === 'chat') return indexing.attachChat(room, parsed.chatId, parsed.epoch)
      // The rows gathered for this inbox are stored first: the inbox reads what waits for it.
      if (parsed.kind === 'inbox') return sideWrites.flush().then(() => indexing.attachInbox(room, parsed.userId))
    },
  })
  const limits = { messagesPerSecond: config.messagesPerSecond, maxQueuedBytes: config.maxQueuedBytes }
  const connectionContext: ConnectionContext = { rooms, limits, metrics }

  return {
    rooms,
    roomsByKind() {
      const counts: Record<RoomKind, number> = { chat: 0, inbox: 0, presence: 0 }
      for (const [room, kind] of loaded) {
        if (room.destroyed) loaded.delete(room)
        else counts[kind]++
      }
      return counts
    },
    async accept(socket, info) {
      const requestId = info.requestId ?? newRequestId()
      // Security events: warn, with who and why, never the token.
      const refuse = (code: number, reason: string, fields: Record<string, unknown>) => {
        log.warn({ requestId, event: 'upgrade_refused', code, ...fields }, reason)
        metrics.closeSent(code)
        socket.close(code, reason)
        return false
      }
      let auth: Authenticated | null
      try {
        auth = await authenticator.authenticate(info)
      } catch (err) {
        log.error({ err, requestId }, 'authenticating a socket failed')
        return refuse(1011, 'sign-in could not be checked', {})
      }
      if (!auth) return refuse(CloseCode.unauthorized, 'sign in first', { origin: info.origin })
      const { user } = auth
      const room = parseRoom(info.room)
      if (!room) return refuse(CloseCode.unknownRoom, 'unknown room', { user: user.id })
      let access: Access
      try {
        access = await roomAccess(user, room, chats)
      } catch (err) {
        log.error({ err, requestId }, 'checking room access failed')
        return refuse(1011, 'room access could not be checked', {})
      }
      if (access === 'forbidden') return refuse(CloseCode.forbidden, 'not allowed in this room', { user: user.id, room: room.name, rule: 'room access' })
      if (access === 'unknown') return refuse(CloseCode.unknownRoom, 'unknown room', { user: user.id, room: room.name, rule: 'epoch after the head' })
      const waitMs = room.kind === 'presence' ? 0 : outage.retryAfterMs()
      if (waitMs > 0) return refuse(CloseCode.storageUnavailable, storageReason(waitMs), { user: user.id, room: room.name, rule: 'storage unavailable' })
      const sessionLog = childOnUse(log, { requestId, user: user.id })
      const request = { user, room, wantsAck: info.ack, compactAwareness: info.compactAwareness === true, log: sessionLog }
      const connection = openConnection(socket, request, connectionContext)
      // Only what the watch reads: handing it `auth` would keep every connection's User alive.
      const watched = new WatchedConnection(auth.sessionHash, auth.expiresAt, connection, sessionWatch)
      sessionWatch.watch(watched)
      connection.onClosed(watched)
      open.add(connection)
      return true
    },
    close: async () => {
      if (epochRefresh) clearInterval(epochRefresh)
      sessionWatch.stop()
      roomBus.stop()
      await sideWrites.flush()
      await rooms.close()
      // Closing stores the rooms' last changes; their rows were collected as the rooms left.
      await sideWrites.flush()
      sideWrites.stop()
    },
  }
}
