// Live chat sessions by chat id, shared by every view that shows the same chat and kept for a
// short while after the last one lets go, so that going back and forth does not reconnect. A
// chat with writes the relay has not stored (in any of its epochs) is held open whether anyone
// looks or not (the outbox), and the list of such chats is kept on this device so that a reload
// reopens them: nothing typed waits for its chat to be opened again. New chats are created
// here: `meta` is written before the first sync, as the contract asks.

import { createEffect, createMemo, createRoot, createSignal, on, type Accessor } from 'solid-js'
import * as Y from 'yjs'
import { initChat, newChatId, type ChatMeta } from '@parley/chat-model'
import { config } from '../config.ts'
import type { User } from './api.ts'
import { createChatSession, type ChatSession } from './chat.ts'
import type { LocalKv } from './local-kv.ts'
import { LocalOrigin } from './origins.ts'
import type { SyncDocOptions } from './sync-doc.ts'

export interface ChatSessions {
  /** The session for `chatId`; call `release` with the same id when the view goes away. */
  acquire(chatId: string): ChatSession
  release(chatId: string): void
  /** Creates a direct chat between me and `otherId` on this device. */
  create(otherId: string): ChatMeta
  /** The sessions open right now (on screen, recently on screen, or holding unsent writes). */
  live: Accessor<ChatSession[]>
  /** My messages only on this device, in every chat. */
  pendingCount: Accessor<number>
  /** My messages the relay refused, in every chat. */
  failedCount: Accessor<number>
  destroy(): void
}

interface Entry {
  session: ChatSession
  users: number
  idle?: ReturnType<typeof setTimeout>
  stop: () => void
}

const OUTBOX_KEY = 'outbox'

/**
 * @param headOf the head epoch of a chat as the inbox says (reactive), so that sessions follow it.
 */
export function createChatSessions(me: Pick<User, 'id' | 'name'>, options: SyncDocOptions, kv: LocalKv, headOf: (chatId: string) => number): ChatSessions {
  const entries = new Map<string, Entry>()
  const [live, setLive] = createSignal<ChatSession[]>([])
  const outbox = new Set<string>()
  let destroyed = false
  const saveOutbox = () => void kv.set(OUTBOX_KEY, [...outbox])

  const start = (chatId: string, doc?: Y.Doc): Entry => {
    const session = createChatSession(chatId, { ...options, me, kv, head: () => headOf(chatId), ...(doc ? { doc } : {}) })
    const entry: Entry = { session, users: 0, stop: () => {} }
    entries.set(chatId, entry)
    setLive([...live(), session])
    // Holding a connection open and noting it on disk is the outside world: an effect.
    entry.stop = createRoot((dispose) => {
      // Judged once the local copy and its acknowledgements are loaded, not before.
      const unsent = () => !session.loading() && session.unsent()
      createEffect(on(unsent, (isUnsent) => (isUnsent ? hold(chatId) : unhold(chatId))))
      return dispose
    })
    return entry
  }
  const acquire = (chatId: string) => {
    const entry = entries.get(chatId) ?? start(chatId)
    clearTimeout(entry.idle)
    entry.users++
    return entry.session
  }
  const release = (chatId: string) => {
    const entry = entries.get(chatId)
    if (!entry || --entry.users > 0) return
    entry.idle = setTimeout(() => {
      entries.delete(chatId)
      setLive(live().filter((s) => s !== entry.session))
      entry.stop()
      entry.session.destroy()
    }, config.chatIdleMs)
  }
  function hold(chatId: string) {
    if (outbox.has(chatId) || destroyed) return
    outbox.add(chatId)
    acquire(chatId)
    saveOutbox()
  }
  function unhold(chatId: string) {
    if (!outbox.delete(chatId)) return
    saveOutbox()
    release(chatId)
  }

  // Chats left with unsent writes by an earlier page: open them so that they send.
  void kv.get<string[]>(OUTBOX_KEY).then((kept) => {
    for (const chatId of kept ?? []) if (!destroyed) hold(chatId)
  })

  const sum = (of: (s: ChatSession) => number) => createMemo(() => live().reduce((n, s) => n + of(s), 0))

  return {
    acquire,
    release,
    create(otherId) {
      const meta: ChatMeta = { id: newChatId(), members: [me.id, otherId], createdBy: me.id, createdAt: Date.now() }
      const doc = new Y.Doc()
      initChat(doc, meta, LocalOrigin)
      // Its meta is unsent, so the outbox holds it until the relay has stored it.
      start(meta.id, doc)
      return meta
    },
    live,
    pendingCount: sum((s) => s.pendingCount()),
    failedCount: sum((s) => s.failedCount()),
    destroy() {
      destroyed = true
      for (const entry of entries.values()) {
        clearTimeout(entry.idle)
        entry.stop()
        entry.session.destroy()
      }
      entries.clear()
      setLive([])
    },
  }
}
