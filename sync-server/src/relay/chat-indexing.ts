// Keeps the relay's side tables in step with chat documents: closes anyone in a chat's room who is
// not a member once the chat appears, records when it last had a message, and keeps each member's
// inbox row current. (A chat is registered by the room, in the commit of the update that created
// it.) The index and the inbox rows are rewritten once per event-loop turn per chat, however many
// messages arrived in it, in the next commit with the documents (the committer's `index`). A row
// goes straight into its inbox document when that inbox is loaded; otherwise it waits in the
// database (pending-inbox-rows.ts) and moves into the document when the inbox loads.

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
import type { IndexWrites } from '../storage/doc-store.ts'
import { trackChatStats, type ChatStats } from './chat-stats.ts'
import type { DocRoom } from './doc-room.ts'

export interface ChatIndexingOptions {
  chats: ChatIndex
  pendingRows: PendingInboxRows
  directory: Directory
  log: Logger
  /** Runs `fn` once everything written so far is stored (the committer's afterCommit). */
  afterCommit(fn: () => void): void
  /** Adds side-table writes to the next commit (the committer's `index`). */
  index(writes: Partial<IndexWrites>): void
}

export interface ChatIndexing {
  attachChat(room: DocRoom, chatId: string): void
  /** Moves the rows waiting for this inbox into it; resolves once they are in the document. */
  attachInbox(room: DocRoom, userId: string): Promise<void>
}

export function createChatIndexing(options: ChatIndexingOptions): ChatIndexing {
  const { chats, pendingRows, directory, log } = options
  const pending = new Map<DocRoom, { meta: ChatMeta; stats: ChatStats }>()
  /** Loaded inbox rooms by owner (an entry is stale once its room is destroyed). */
  const inboxes = new Map<string, DocRoom>()
  let scheduled = false

  /** A chat stored without its registration (by a relay older than registrations in the same commit). */
  const registerLate = async (meta: ChatMeta): Promise<boolean> => {
    if (await chats.get(meta.id)) return false
    const creator = await directory.userById(meta.createdBy)
    if (!creator) return false
    options.index({ registered: [{ id: meta.id, orgId: creator.orgId, createdBy: meta.createdBy, createdAt: meta.createdAt, members: meta.members }] })
    return true
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
    if (touched.length || waiting.length) options.index({ touched, waiting })
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
      const stored = readMeta(room.doc)
      if (stored && stored.id === chatId) {
        registerLate(stored).then(
          (registered) => registered && schedule(room, stored, stats),
          (err: unknown) => log.error({ err, chat: chatId }, 'registering a stored chat failed'),
        )
      }
      let appeared = stored !== null
      room.onStored((change) => {
        const meta = readMeta(room.doc)
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
        if (created || change.transaction.changed.has(messages)) schedule(room, meta, stats)
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
      try {
        const read = await pendingRows.waiting(userId)
        if (!read.length || room.destroyed) return
        // A chat's row may have gone straight into the document while these were read: the newer stays.
        writeRows(room, read.filter((row) => (rows.get(row.chatId)?.messageCount ?? -1) <= row.messageCount))
        options.afterCommit(() => {
          pendingRows.settle(userId, read).catch((err: unknown) => log.error({ err, user: userId }, 'settling waiting inbox rows failed'))
        })
      } catch (err) {
        // The rows stay waiting: the inbox's next load moves them in.
        log.error({ err, user: userId }, 'reading waiting inbox rows failed')
      }
    },
  }
}

/** The keys of `type` that a transaction changed, or undefined when it did not touch `type`. */
function changedKeys(tr: Y.Transaction, type: object): Set<string | null> | undefined {
  for (const [changed, keys] of tr.changed) if (changed === type) return keys
  return undefined
}
