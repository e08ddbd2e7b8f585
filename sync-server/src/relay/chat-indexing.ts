// Keeps the relay's side tables in step with chat documents: registers a chat when its creating
// update is stored (and closes anyone in the room who is not a member), records when it last had
// a message, and keeps each member's inbox row current. The index and the inbox rows are
// rewritten once per event-loop turn per chat, however many messages arrived in it.

import * as Y from 'yjs'
import {
  INBOX_PREVIEW_LENGTH,
  inboxChats,
  inboxState,
  messagesArray,
  readMeta,
  type ChatMeta,
  type InboxChat,
} from '@parley/chat-model'
import { CloseCode, parseRoom, inboxRoom } from '@parley/protocol'
import type { Directory } from '../accounts/accounts.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { Logger } from '../log.ts'
import { trackChatStats, type ChatStats } from './chat-stats.ts'
import type { DocRoom } from './doc-room.ts'
import type { RoomManager } from './rooms.ts'

export interface ChatIndexingOptions {
  rooms: () => RoomManager
  chats: ChatIndex
  directory: Directory
  log: Logger
}

export interface ChatIndexing {
  attachChat(room: DocRoom, chatId: string): void
  attachInbox(room: DocRoom): void
}

export function createChatIndexing(options: ChatIndexingOptions): ChatIndexing {
  const { chats, directory, log } = options
  const pending = new Map<DocRoom, { meta: ChatMeta; stats: ChatStats }>()
  let scheduled = false

  const register = (meta: ChatMeta): void => {
    if (chats.get(meta.id)) return
    const creator = directory.userById(meta.createdBy)
    if (!creator) return
    chats.register({ id: meta.id, orgId: creator.orgId, createdBy: meta.createdBy, createdAt: meta.createdAt, members: meta.members })
  }

  const rowFor = (meta: ChatMeta, stats: ChatStats, member: string, inbox: Y.Doc): InboxChat => {
    const last = stats.last()
    const fromOthers = stats.count - stats.byAuthor(member)
    const seen = inboxState(inbox).get(meta.id)?.seen ?? 0
    return {
      chatId: meta.id,
      members: [...meta.members],
      startedBy: meta.createdBy,
      startedAt: meta.createdAt,
      lastMessage: last ? { id: last.id, author: last.author, text: last.text.slice(0, INBOX_PREVIEW_LENGTH), at: last.at } : null,
      messageCount: stats.count,
      fromOthers,
      unread: Math.max(0, fromOthers - seen),
    }
  }

  const writeInboxes = async (chatRoom: DocRoom, meta: ChatMeta, stats: ChatStats) => {
    for (const member of meta.members) {
      const parsed = parseRoom(inboxRoom(member))!
      const inbox = await options.rooms().get(parsed)
      if (chatRoom.destroyed || inbox.destroyed) continue
      const row = rowFor(meta, stats, member, inbox.doc)
      const current = inboxChats(inbox.doc).get(meta.id)
      if (current && JSON.stringify(current) === JSON.stringify(row)) continue
      inbox.transactAsRelay(() => inboxChats(inbox.doc).set(meta.id, row))
    }
  }

  const flush = () => {
    scheduled = false
    const batch = [...pending]
    pending.clear()
    const touched: Array<[string, number]> = []
    for (const { meta, stats } of batch.map(([, entry]) => entry)) {
      const last = stats.last()
      if (last) touched.push([meta.id, last.at])
    }
    chats.touch(touched) // one SQLite transaction for every chat of this turn
    for (const [room, { meta, stats }] of batch) {
      writeInboxes(room, meta, stats).catch((err) => log.error({ err, room: room.name }, 'inbox update failed'))
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

    attachInbox(room) {
      const state = inboxState(room.doc)
      const rows = inboxChats(room.doc)
      room.onStored((change) => {
        if (change.origin.kind !== 'connection') return
        const keys = changedKeys(change.transaction, state)
        if (!keys) return
        room.transactAsRelay(() => {
          for (const key of keys) {
            const row = key === null ? undefined : rows.get(key)
            if (!row || key === null) continue
            const unread = Math.max(0, row.fromOthers - (state.get(key)?.seen ?? 0))
            if (unread !== row.unread) rows.set(key, { ...row, unread })
          }
        })
      })
    },
  }
}

/** The keys of `type` that a transaction changed, or undefined when it did not touch `type`. */
function changedKeys(tr: Y.Transaction, type: object): Set<string | null> | undefined {
  for (const [changed, keys] of tr.changed) if (changed === type) return keys
  return undefined
}
