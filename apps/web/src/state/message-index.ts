// Message search on this device: an index of the messages of my chats, kept in IndexedDB (the
// person's key-value store) and fed as messages arrive: every chat open in a session adds the
// messages it shows (its open epochs and the history pages loaded), and the inbox adds each
// chat's last message. It works offline, and it finds only what reached this device (a chat
// never opened here is searched by its last message).

import { createEffect, createSignal, type Accessor } from 'solid-js'
import type { ChatList } from './chat-list.ts'
import type { ChatSession } from './chat.ts'
import type { LocalKv } from './local-kv.ts'
import { foldText } from '../lib/text-match.ts'

export interface IndexedMessage {
  id: string
  author: string
  text: string
  at: number
}

export interface MessageHit extends IndexedMessage {
  chatId: string
}

export interface MessageIndex {
  /** Messages whose text holds every word of `query` (accent- and case-insensitive), newest first. */
  search(query: string, limit?: number): MessageHit[]
  /** How many messages are indexed (changes as messages arrive). */
  size: Accessor<number>
}

const KEY = 'message-index'
const SAVE_AFTER_MS = 400

export function createMessageIndex(kv: LocalKv, sources: { chats: ChatList; sessions: Accessor<ChatSession[]> }): MessageIndex {
  const byChat = new Map<string, Map<string, IndexedMessage>>()
  const [size, setSize] = createSignal(0)
  let timer: ReturnType<typeof setTimeout> | undefined

  const count = () => setSize([...byChat.values()].reduce((n, m) => n + m.size, 0))
  const save = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const plain = Object.fromEntries([...byChat].map(([chatId, messages]) => [chatId, [...messages.values()]]))
      void kv.set(KEY, plain).catch((error: unknown) => console.warn('the message index could not be kept on this device', error))
    }, SAVE_AFTER_MS)
  }
  /** Adds `messages` to the chat's entry; a deleted one (empty text) leaves it. */
  const put = (chatId: string, messages: readonly IndexedMessage[]) => {
    const next = new Map(byChat.get(chatId))
    for (const { id, author, text, at } of messages) {
      if (text === '') next.delete(id)
      else next.set(id, { id, author, text, at })
    }
    byChat.set(chatId, next)
    count()
    save()
  }

  void kv.get<Record<string, IndexedMessage[]>>(KEY).then((kept) => {
    for (const [chatId, messages] of Object.entries(kept ?? {})) {
      // What arrived while the kept index was being read is newer: it goes on top.
      const merged = new Map(messages.map((m) => [m.id, m]))
      for (const [id, message] of byChat.get(chatId) ?? []) merged.set(id, message)
      byChat.set(chatId, merged)
    }
    count()
    save()
  })

  // A conversation on screen is the truth for the messages it shows (edits and deletions
  // included); a long chat shows only part of itself, so the rest of the entry stays.
  createEffect(() => {
    for (const session of sources.sessions()) {
      createEffect(() => {
        if (session.loading()) return
        put(session.chatId, session.store.messages)
      })
    }
  })
  createEffect(() => {
    for (const chat of sources.chats.all()) if (chat.lastMessage) put(chat.chatId, [chat.lastMessage])
  })

  return {
    size,
    search(query, limit = 50) {
      const words = foldText(query).split(/\s+/u).filter(Boolean)
      if (words.length === 0) return []
      const hits: MessageHit[] = []
      for (const [chatId, messages] of byChat) {
        for (const message of messages.values()) {
          const text = foldText(message.text)
          if (words.every((word) => text.includes(word))) hits.push({ ...message, chatId })
        }
      }
      return hits.sort((a, b) => b.at - a.at).slice(0, limit)
    },
  }
}
