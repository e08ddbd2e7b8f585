// Live chat sessions by chat id, shared by every view that shows the same chat and kept for a
// short while after the last one lets go, so that going back and forth does not reconnect. New
// chats are created here: `meta` is written before the first sync, as the contract asks.

import * as Y from 'yjs'
import { initChat, newChatId, type ChatMeta } from '@parley/chat-model'
import { config } from '../config.ts'
import type { User } from './api.ts'
import { createChatSession, type ChatSession } from './chat.ts'
import { LocalOrigin } from './origins.ts'
import type { SyncDocOptions } from './sync-doc.ts'

export interface ChatSessions {
  /** The session for `chatId`; call `release` with the same id when the view goes away. */
  acquire(chatId: string): ChatSession
  release(chatId: string): void
  /** Creates a direct chat between me and `otherId` on this device. */
  create(otherId: string): ChatMeta
  destroy(): void
}

interface Entry {
  session: ChatSession
  users: number
  idle?: ReturnType<typeof setTimeout>
}

export function createChatSessions(me: Pick<User, 'id' | 'name'>, options: SyncDocOptions): ChatSessions {
  const entries = new Map<string, Entry>()

  const start = (chatId: string, doc?: Y.Doc): Entry => {
    const entry: Entry = { session: createChatSession(chatId, { ...options, me, ...(doc ? { doc } : {}) }), users: 0 }
    entries.set(chatId, entry)
    return entry
  }

  return {
    acquire(chatId) {
      const entry = entries.get(chatId) ?? start(chatId)
      clearTimeout(entry.idle)
      entry.users++
      return entry.session
    },
    release(chatId) {
      const entry = entries.get(chatId)
      if (!entry || --entry.users > 0) return
      entry.idle = setTimeout(() => {
        entries.delete(chatId)
        entry.session.destroy()
      }, config.chatIdleMs)
    },
    create(otherId) {
      const meta: ChatMeta = { id: newChatId(), members: [me.id, otherId], createdBy: me.id, createdAt: Date.now() }
      const doc = new Y.Doc()
      initChat(doc, meta, LocalOrigin)
      // Kept (unreleased) until a view takes it, so that it syncs even if nobody looks.
      start(meta.id, doc)
      return meta
    },
    destroy() {
      for (const entry of entries.values()) {
        clearTimeout(entry.idle)
        entry.session.destroy()
      }
      entries.clear()
    },
  }
}
