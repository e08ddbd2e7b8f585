// Keeps the relay's side tables in step with chat documents: registers a chat when its creating
// update is stored (and closes anyone in the room who is not a member), records when it last had
// a message, and keeps each member's inbox row current. The index and the inbox rows are
// rewritten once per event-loop turn per chat, however many messages arrived in it. A row goes
// straight into its inbox document when that inbox is loaded; otherwise it waits in SQLite
// (pending-inbox-rows.ts) and moves into the document when the inbox loads.

import * as Y from 'yjs'
import {
  INBOX_PREVIEW_LENGTH,
  inboxChats,
  inboxState,
  messagesArray,
  readMeta,
  unreadOf,
  type ChatMeta,
  type InboxChat,
} from '@parley/chat-model'
import { CloseCode } from '@parley/protocol'
import type { Directory } from '../accounts/accounts.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { PendingInboxRow, PendingInboxRows } from '../chats/pending-inbox-rows.ts'
import type { Logger } from '../log.ts'
import { trackChatStats, type ChatStats } from './chat-stats.ts'
import type { DocRoom } from './doc-room.ts'

export interface ChatIndexingOptions {
  chats: ChatIndex
  pendingRows: PendingInboxRows
  directory: Directory
  log: Logger
  /** Runs `fn` once everything written so far is stored (the committer's afterCommit). */
  afterCommit(fn: () => void): void
  /** Runs `fn` inside the next storage transaction (the committer's alongside). */
  alongside(fn: () => void): void
  /** Rows wait for these people's inboxes in the database (stored now): tell other relays. */
  onWaiting?(userIds: readonly string[]): void
}

export interface ChatIndexing {
  attachChat(room: DocRoom, chatId: string): void
  attachInbox(room: DocRoom, userId: string): void
  /** Moves rows waiting in the database into this person's inbox, if it is loaded here. */
  takeWaiting(userId: string): void
}

export function createChatIndexing(options: ChatIndexingOptions): ChatIndexing {
  const { chats, pendingRows, directory, log } = options
  const pending = new Map<DocRoom, { meta: ChatMeta; stats: ChatStats }>()
  /** Loaded inbox rooms by owner (an entry is stale once its room is destroyed). */
  const inboxes = new Map<string, DocRoom>()
  let scheduled = false

  const register = (meta: ChatMeta): void => {
    if (chats.get(meta.id)) return
    const creator = directory.userById(meta.createdBy)
    if (!creator) return
    chats.register({ id: meta.id, orgId: creator.orgId, createdBy: meta.createdBy, createdAt: meta.createdAt, members: meta.members })
  }

  /** The member's row; `unread` assumes nothing seen until writeRows meets the owner's inbox. */
  const rowFor = (meta: ChatMeta, stats: ChatStats, member: string): InboxChat => {
    const last = stats.last()
    const fromOthers = stats.count - stats.byAuthor(member)
    return {
      chatId: meta.id,
      members: [...meta.members],
      startedBy: meta.createdBy,
      startedAt: meta.createdAt,
      lastMessage: last ? { id: last.id, author: last.author, text: last.text.slice(0, INBOX_PREVIEW_LENGTH), at: last.at } : null,
      messageCount: stats.count,
      fromOthers,
      unread: fromOthers,
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

  const flush = () => {
    scheduled = false
    const batch = [...pending]
    pending.clear()
    const touched: Array<[string, number]> = []
    const waiting: PendingInboxRow[] = []
    for (const [room, { meta, stats }] of batch) {
      const last = stats.last()
      if (last) touched.push([meta.id, last.at])
      if (room.destroyed) continue
      for (const member of meta.members) {
        const row = rowFor(meta, stats, member)
        const inbox = inboxes.get(member)
        if (inbox && !inbox.destroyed) writeRows(inbox, [row])
        else waiting.push({ userId: member, row })
      }
    }
    // In the next batch's transaction: one commit for the documents and these side tables.
    options.alongside(() => {
      try {
        chats.touch(touched)
        pendingRows.put(waiting)
      } catch (err) {
        log.error({ err }, 'updating the chat index failed')
      }
    })
    const waitingFor = [...new Set(waiting.map((w) => w.userId))]
    if (waitingFor.length && options.onWaiting) options.afterCommit(() => options.onWaiting?.(waitingFor))
  }

  const moveWaiting = (room: DocRoom, userId: string) => {
    const waiting = pendingRows.waiting(userId)
    if (waiting.length) {
      writeRows(room, waiting)
      options.afterCommit(() => pendingRows.settle(userId, waiting))
    }
  }

  const schedule = (room: DocRoom, meta: ChatMeta, stats: ChatStats) => {
    pending.set(room, { meta, stats })
    if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }

  return {
    attachChat(room, chatId) {
      const stats = trackChatStats(room.doc)
      const messages = messagesArray(room.doc)
      // A chat stored without its registration (the relay stopped in between) is registered now.
      const stored = readMeta(room.doc)
      if (stored && stored.id === chatId && !chats.get(chatId)) {
        register(stored)
        schedule(room, stored, stats)
      }
      room.onStored((change) => {
        // Another relay indexed it where its author is connected.
        if (change.origin.kind === 'bus') return
        const meta = readMeta(room.doc)
        if (!meta) return
        if (change.created) {
          register(meta)
          for (const peer of room.peers) {
            if (!meta.members.includes(peer.userId)) peer.close(CloseCode.forbidden, 'not a member of this chat')
          }
        }
        if (change.created || change.transaction.changed.has(messages)) schedule(room, meta, stats)
      })
    },

    attachInbox(room, userId) {
      inboxes.set(userId, room)
      moveWaiting(room, userId)
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
    },

    takeWaiting(userId) {
      const inbox = inboxes.get(userId)
      if (inbox && !inbox.destroyed) moveWaiting(inbox, userId)
    },
  }
}

/** The keys of `type` that a transaction changed, or undefined when it did not touch `type`. */
function changedKeys(tr: Y.Transaction, type: object): Set<string | null> | undefined {
  for (const [changed, keys] of tr.changed) if (changed === type) return keys
  return undefined
}
