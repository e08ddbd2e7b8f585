// Keeps the relay's side tables in step with chat documents: closes anyone in a chat's room who is
// not a member once the chat appears, records when it last had a message, seals a chat's head
// epoch once it holds PARLEY_EPOCH_MESSAGES messages (chat-heads.ts), keeps each epoch's stats and
// each member's inbox row current. (A chat is registered by the room, in the commit of the update
// that created it.) A stored message marks its chat as owing rows: the last-message time and the
// rows for inboxes not loaded here are computed once when they are collected, at most 200 ms later
// (side-writes.ts runs `collect` before it hands its gathered writes to the committer, and before
// an inbox loads or the relay stops), however many messages arrived meanwhile, from the room's
// document as stored. The rows of inboxes open here and the stats of a chat of several epochs
// still go out a turn after the message (writeNow). A seal and the sealed epoch's stats go into the
// commit of the update that filled the epoch. A row goes straight into its inbox document when
// that inbox is loaded; otherwise it waits in the database (pending-inbox-rows.ts) and moves into
// the document when the inbox loads.
//
// An inbox row covers every epoch of its chat: the live counts of the epochs loaded here (which
// follow other relays' writes through the bus), plus the stored stats of the others
// (chat-epochs.ts sumEpochs). A seal writes the sealed epoch's stats in its own commit, so whoever
// sees the new head finds them; another relay's late write to an old epoch that is not loaded here
// reaches these rows when refreshEpochs reads the stored stats again (every PARLEY_CATCH_UP_MS with
// a shared bus), or when this relay loads the chat again.

import * as Y from 'yjs'
import { inboxChats, inboxState, messagesArray, readMeta, unreadOf, type ChatMeta, type InboxChat } from '@parley/chat-model'
import { CloseCode } from '@parley/protocol'
import type { Directory } from '../accounts/accounts.ts'
import { sumEpochs, type EpochStats } from '../chats/chat-epochs.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { PendingInboxRow, PendingInboxRows } from '../chats/pending-inbox-rows.ts'
import type { Logger } from '../log.ts'
import type { IndexWrites } from '../storage/doc-store.ts'
import { createChatHeads, type ChatEpochs } from './chat-heads.ts'
import { trackChatStats, type ChatStats } from './chat-stats.ts'
import type { DocRoom } from './doc-room.ts'
import { isOrigin } from './origins.ts'

export interface ChatIndexingOptions {
  chats: ChatIndex
  pendingRows: PendingInboxRows
  directory: Directory
  log: Logger
  /** Messages (items of `messages`, tombstones included) at which the head epoch is sealed. */
  epochMessages: number
  /** Runs `fn` once everything written so far is stored (the committer's afterCommit). */
  afterCommit(fn: () => void): void
  /** Adds side-table writes to the next commit (the committer's `index`). */
  index(writes: Partial<IndexWrites>): void
  /** A chat owes rows: `collect` is to run soon (side-writes.ts `owe`, within its 200 ms). */
  owe(): void
  /** Rows wait for these people's inboxes in the database (stored now): tell other relays. */
  onWaiting?(userIds: readonly string[]): void
  /** The relay sealed `epoch` of `chatId`, and the seal is stored. */
  onSealed?(chatId: string, epoch: number): void
}

export interface ChatIndexing {
  /** Follows a loaded chat epoch; resolves once the chat's head and epoch stats are read. */
  attachChat(room: DocRoom, chatId: string, epoch?: number): Promise<void>
  /** Moves the rows waiting for this inbox into it; resolves once they are in the document. */
  attachInbox(room: DocRoom, userId: string): Promise<void>
  /** Moves rows waiting in the database into this person's inbox, if it is loaded here. */
  takeWaiting(userId: string): Promise<void>
  /**
   * With several relays: reads again the stats of epochs not loaded here (another relay's late
   * write to one of them), and rewrites the rows of the chats whose stats changed.
   */
  refreshEpochs(): Promise<void>
  /**
   * Computes the rows of the chats written to since they were last collected, once each, at most
   * `limit` of them (the longest owed first), and hands them to `index` (or writes them into the
   * loaded inboxes).
   */
  collect(limit?: number): void
  /** How many chats owe rows. */
  owedChats(): number
}

interface Pending {
  meta: ChatMeta
  epoch: number
  stats: ChatStats
}

interface RowWriter {
  room: DocRoom
  entry(): Pending | null
}

export function createChatIndexing(options: ChatIndexingOptions): ChatIndexing {
  const { chats, pendingRows, directory, log } = options
  const pending = new Map<DocRoom, Pending>()
  const heads = createChatHeads({
    chats,
    epochMessages: options.epochMessages,
    index: options.index,
    afterCommit: options.afterCommit,
    ...(options.onSealed ? { onSealed: options.onSealed } : {}),
  })
  /** The loaded epoch rooms of each chat, each with what rewrites the chat's rows (refreshEpochs). */
  const rowWriters = new Map<string, Set<RowWriter>>()
  /** Loaded inbox rooms by owner (an entry is stale once its room is destroyed). */
  const inboxes = new Map<string, DocRoom>()
  /** Chats written to this turn, for what writeNow writes. */
  const live = new Map<DocRoom, Pending>()
  let liveScheduled = false

  /** A chat stored without its registration (by a relay older than registrations in the same commit). */
  const registerLate = async (meta: ChatMeta): Promise<boolean> => {
    if (await chats.get(meta.id)) return false
    const creator = await directory.userById(meta.createdBy)
    if (!creator) return false
    // A long one was sealed as it loaded, before it had a row to hold the head: the head goes with it.
    const head = heads.get(meta.id)?.head ?? 0
    options.index({
      registered: [{ id: meta.id, orgId: creator.orgId, createdBy: meta.createdBy, createdAt: meta.createdAt, members: meta.members }],
      ...(head > 0 ? { sealed: [[meta.id, head] as const] } : {}),
    })
    return true
  }

  /** The member's row; `unread` assumes nothing seen until writeRows meets the owner's inbox. */
  const rowFor = (meta: ChatMeta, chat: ChatEpochs, epochs: readonly EpochStats[], member: string): InboxChat => {
    const totals = sumEpochs(epochs, member)
    return {
      chatId: meta.id,
      members: [...meta.members],
      startedBy: meta.createdBy,
      startedAt: meta.createdAt,
      lastMessage: totals.lastMessage,
      messageCount: totals.messageCount,
      fromOthers: totals.fromOthers,
      unread: totals.fromOthers,
      // Absent while 0, so that a short chat's row reads as it did before epochs.
      ...(chat.head > 0 ? { head: chat.head } : {}),
    }
  }

  /** Writes rows into a loaded inbox, each with its unread count from the owner's `seen`. */
  const writeRows = (inbox: DocRoom, rows: readonly InboxChat[]) => {
    const stored = inboxChats(inbox.doc)
    const state = inboxState(inbox.doc)
    const changed = rows
      .map((row) => ({ ...row, unread: unreadOf(row, state.get(row.chatId)) }))
      .filter((row) => {
        const current = stored.get(row.chatId)
        return !current || JSON.stringify(current) !== JSON.stringify(row)
      })
    if (changed.length) inbox.transactAsRelay(() => changed.forEach((row) => stored.set(row.chatId, row)))
  }

  /** Takes up to `limit` owed rooms off `pending`, the oldest first (a Map keeps insertion order). */
  const takePending = (limit: number): Array<[DocRoom, Pending]> => {
    if (limit >= pending.size) {
      const all = [...pending]
      pending.clear()
      return all
    }
    const some: Array<[DocRoom, Pending]> = []
    for (const entry of pending) {
      if (some.length === limit) break
      some.push(entry)
    }
    for (const [room] of some) pending.delete(room)
    return some
  }

  /** `closing`: a room being destroyed cleanly (everything in it stored), collected on its way out. */
  const collect = (batch: Array<[DocRoom, Pending]>, closing?: DocRoom) => {
    const touched: Array<[string, number]> = []
    const epochs: EpochStats[] = []
    const chatsToRow = new Map<string, ChatMeta>()
    for (const [room, { meta, epoch, stats }] of batch) {
      const last = stats.last()
      if (last) touched.push([meta.id, last.at])
      const chat = heads.get(meta.id)
      if (!chat) continue
      const changed = heads.takeChanged(meta.id, epoch, chat, stats)
      if (changed) epochs.push(changed)
      if (!room.destroyed || room === closing) chatsToRow.set(meta.id, meta)
    }
    const waiting: PendingInboxRow[] = []
    for (const [chatId, meta] of chatsToRow) {
      const chat = heads.get(chatId)!
      const epochs = [...heads.epochsOf(chatId, chat)]
      for (const member of meta.members) {
        const row = rowFor(meta, chat, epochs, member)
        const inbox = inboxes.get(member)
        if (inbox && !inbox.destroyed) writeRows(inbox, [row])
        else waiting.push({ userId: member, row })
      }
    }
    // In the next batch's transaction: one commit for the documents and these side tables.
    if (touched.length || waiting.length || epochs.length) options.index({ touched, waiting, epochs })
    const waitingFor = [...new Set(waiting.map((w) => w.userId))]
    if (waitingFor.length && options.onWaiting) options.afterCommit(() => options.onWaiting?.(waitingFor))
  }

  /**
   * What cannot wait for `collect`, a turn after the message as before. The stats of an epoch of a
   * chat of several epochs go into the next commit: other relays build their rows from them. The
   * rows of members whose inbox is open here go into it: someone reading the chat marks it seen from
   * that row, and a row 200 ms late would leave a message they saw just before leaving counted as
   * unread. A chat of one epoch none of whose members has an inbox loaded costs a map lookup per
   * member.
   */
  const writeNow = () => {
    liveScheduled = false
    const rooms = [...live]
    live.clear()
    const epochs: EpochStats[] = []
    for (const [room, { meta, epoch, stats }] of rooms) {
      if (room.destroyed) continue
      const chat = heads.get(meta.id)
      if (!chat) continue
      const changed = heads.takeChanged(meta.id, epoch, chat, stats)
      if (changed) epochs.push(changed)
      const open = meta.members.flatMap((member) => {
        const inbox = inboxes.get(member)
        return inbox && !inbox.destroyed ? [[member, inbox] as const] : []
      })
      if (!open.length) continue
      const all = [...heads.epochsOf(meta.id, chat)]
      for (const [member, inbox] of open) writeRows(inbox, [rowFor(meta, chat, all, member)])
    }
    if (epochs.length) options.index({ epochs })
  }

  /** Moves the rows waiting in the database for this loaded inbox into its document. */
  const moveWaiting = async (room: DocRoom, userId: string): Promise<void> => {
    try {
      const read = await pendingRows.waiting(userId)
      if (!read.length || room.destroyed) return
      const rows = inboxChats(room.doc)
      // A chat's row may have gone straight into the document while these were read: the newer stays.
      writeRows(room, read.filter((row) => (rows.get(row.chatId)?.messageCount ?? -1) <= row.messageCount))
      options.afterCommit(() => {
        pendingRows.settle(userId, read).catch((err: unknown) => log.error({ err, user: userId }, 'settling waiting inbox rows failed'))
      })
    } catch (err) {
      // The rows stay waiting: the inbox's next load (or the next hint) moves them in.
      log.error({ err, user: userId }, 'reading waiting inbox rows failed')
    }
  }

  const schedule = (room: DocRoom, entry: Pending) => {
    pending.set(room, entry)
    options.owe()
    live.set(room, entry)
    if (!liveScheduled) {
      liveScheduled = true
      setImmediate(writeNow)
    }
  }

  return {
    async attachChat(room, chatId, epoch = 0) {
      // Before heads.attach, whose own hook forgets the chat: an idle room or a stopping relay
      // leaves with its rows collected. A room thrown away after a failed commit holds writes that
      // were never stored; its rows wait for the next stored message.
      room.onDestroy((code) => {
        const owed = pending.get(room)
        if (code === CloseCode.reload || !owed) return
        pending.delete(room)
        collect([[room, owed]], room)
      })
      const stats = trackChatStats(room.doc)
      const messages = messagesArray(room.doc)
      const { chat, record } = await heads.attach(room, chatId, epoch, stats)
      const stored = readMeta(room.doc)
      // An epoch after 0 has no meta: the index has the chat (only its members get in). Once
      // there, meta never changes (chat-policy.ts), so it is read once, not on every message.
      let known: ChatMeta | null = null
      const metaOf = (): ChatMeta | null =>
        (known ??=
          epoch === 0 ? readMeta(room.doc) : record ? { id: record.id, members: record.members, createdBy: record.createdBy, createdAt: record.createdAt } : null)
      const entry = (meta: ChatMeta): Pending => ({ meta, epoch, stats })

      // A chat that grew past the limit before epochs existed (or while the relay was down) is
      // sealed as it loads; its stats row is written if the index lacks it.
      const meta = metaOf()
      if (meta && (epoch === 0 ? stored?.id === chatId : true)) {
        const sealed = heads.sealIfFull(chatId, epoch, chat, stats, messages)
        if (sealed || heads.isStale(chatId, epoch, chat, stats)) schedule(room, entry(meta))
      }
      messages.observe((event) => {
        const origin = event.transaction.origin
        if (isOrigin(origin) && origin.kind === 'storage') return
        heads.sealIfFull(chatId, epoch, chat, stats, messages)
      })

      if (epoch === 0 && stored && stored.id === chatId) {
        registerLate(stored).then(
          (registered) => registered && schedule(room, entry(stored)),
          (err: unknown) => log.error({ err, chat: chatId }, 'registering a stored chat failed'),
        )
      }
      const writer: RowWriter = {
        room,
        entry: () => {
          const meta = metaOf()
          return meta ? entry(meta) : null
        },
      }
      const writers = rowWriters.get(chatId) ?? new Set<RowWriter>()
      rowWriters.set(chatId, writers.add(writer))
      room.onDestroy(() => {
        writers.delete(writer)
        if (writers.size === 0 && rowWriters.get(chatId) === writers) rowWriters.delete(chatId)
      })
      let appeared = meta !== null
      room.onStored((change) => {
        const meta = metaOf()
        if (!meta) return
        // Whoever created it (a client here, or another relay process through the bus), the room
        // now belongs to the members: anyone else who entered while it was unregistered leaves.
        const created = !appeared
        if (created) {
          appeared = true
          for (const peer of room.peers) {
            if (!meta.members.includes(peer.userId)) peer.close(CloseCode.forbidden, 'not a member of this chat')
          }
        }
        // A change from another relay was indexed there, where its author is connected.
        if (change.origin.kind === 'bus') return
        if (created || change.transaction.changed.has(messages)) schedule(room, entry(meta))
      })
    },

    async attachInbox(room, userId) {
      inboxes.set(userId, room)
      const state = inboxState(room.doc)
      const rows = inboxChats(room.doc)
      // The owner's `seen` changed: rewrite those rows' unread counts.
      room.onStored((change) => {
        if (change.origin.kind !== 'connection') return
        const keys = changedKeys(change.transaction, state)
        if (!keys) return
        const affected = [...keys].flatMap((key) => (key === null ? [] : (rows.get(key) ?? [])))
        writeRows(room, affected)
      })
      await moveWaiting(room, userId)
    },

    takeWaiting(userId) {
      const inbox = inboxes.get(userId)
      return inbox && !inbox.destroyed ? moveWaiting(inbox, userId) : Promise.resolve()
    },

    async refreshEpochs() {
      for (const chatId of await heads.refreshStored()) {
        for (const writer of rowWriters.get(chatId) ?? []) {
          const pending = writer.room.destroyed ? null : writer.entry()
          if (!pending) continue
          schedule(writer.room, pending)
          break // one room writes every row of its chat
        }
      }
    },
    collect: (limit = Infinity) => collect(takePending(limit)),
    owedChats: () => pending.size,
  }
}

/** The keys of `type` that a transaction changed, or undefined when it did not touch `type`. */
function changedKeys(tr: Y.Transaction, type: object): Set<string | null> | undefined {
  for (const [changed, keys] of tr.changed) if (changed === type) return keys
  return undefined
}
