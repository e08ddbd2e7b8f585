// One chat document as a Solid store, with the actions a member can take on it: send, say that
// they are typing, mark what they have read, reload. It does not decide whether a chat is open
// for me: that is the inbox's business.

import { createSignal, type Accessor } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import * as v from 'valibot'
import { chatRoom } from '@parley/protocol'
import {
  MAX_TEXT_LENGTH,
  MessageSchema,
  ReadMarkSchema,
  appendMessage,
  markRead,
  messagesArray,
  newMessageId,
  readMeta,
  readsMap,
  type ChatMeta,
  type Message,
  type ReadMark,
} from '@parley/chat-model'
import type * as Y from 'yjs'
import { config } from '../config.ts'
import type { User } from './api.ts'
import { onDocChange } from './doc-changes.ts'
import { LocalOrigin } from './origins.ts'
import { openSyncDoc, type ConnectionStatus, type RoomRefusal, type SyncDoc, type SyncDocOptions } from './sync-doc.ts'

export interface ChatStore {
  meta: ChatMeta | null
  /** Conversation order, oldest first; components show it newest first. */
  messages: Message[]
  reads: Record<string, ReadMark>
}

export interface Typist {
  id: string
  name: string
}

export interface ChatSession {
  readonly chatId: string
  readonly store: ChatStore
  status: Accessor<ConnectionStatus>
  refusal: Accessor<RoomRefusal | null>
  /** True while the local copy has not been read yet (first open of a chat on this device). */
  loading: Accessor<boolean>
  reloading: Accessor<boolean>
  /** Other members typing right now. */
  typists: Accessor<Typist[]>
  /** Appends a message; returns false when there is nothing to send. */
  send(text: string): boolean
  /** Says (through awareness) that I am typing; it lapses on its own after a pause. */
  typing(active: boolean): void
  /** Records that I have seen the newest message, if someone else wrote it. */
  markRead(): void
  /** Drops the in-memory copy and loads the chat again from this device and the relay. */
  reload(): Promise<void>
  destroy(): void
}

export interface ChatSessionOptions extends SyncDocOptions {
  me: Pick<User, 'id' | 'name'>
  /** A document already holding the chat (one just created here). */
  doc?: Y.Doc
}


/** Normalizes user input: trailing whitespace goes, inner line breaks stay. */
export const cleanText = (text: string) => text.replace(/\s+$/u, '').replace(/^\s*\n/u, '')

export function createChatSession(chatId: string, options: ChatSessionOptions): ChatSession {
  const { me } = options
  const [store, setStore] = createStore<ChatStore>({ meta: null, messages: [], reads: {} })
  const [loading, setLoading] = createSignal(true)
  const [reloading, setReloading] = createSignal(false)
  const [typists, setTypists] = createSignal<Typist[]>([], {
    equals: (a, b) => a.length === b.length && a.every((t, i) => t.id === b[i]?.id),
  })

  // A chat created here may not be registered yet: until the relay has synced it once, its
  // first frame must be the whole document (see `sendStateFirst`).
  let everSynced = false
  const open = (doc?: Y.Doc) => {
    const sendStateFirst = !everSynced && options.doc !== undefined
    const next = openSyncDoc(chatRoom(chatId), { token: options.token, onUnauthorized: options.onUnauthorized, persistFor: me.id, sendStateFirst }, doc)
    void next.whenSynced().then(() => (everSynced = true))
    return next
  }
  const [room, setRoom] = createSignal<SyncDoc>(open(options.doc))
  let detach = () => {}
  let typingTimer: ReturnType<typeof setTimeout> | undefined
  let typingNow = false

  // Each message Yjs holds is checked and copied once (the copy keeps Solid's bookkeeping off
  // Yjs' objects); later transactions reuse the copy, so reconcile sees it unchanged at once.
  const copies = new WeakMap<object, Message | null>()
  const copyOf = (item: unknown): Message | null => {
    if (typeof item !== 'object' || item === null) return null
    let copy = copies.get(item)
    if (copy === undefined) {
      copy = v.is(MessageSchema, item) ? structuredClone(item) : null
      copies.set(item, copy)
    }
    return copy
  }
  const read = (doc: Y.Doc): ChatStore => {
    const reads: Record<string, ReadMark> = {}
    for (const [userId, mark] of readsMap(doc)) if (v.is(ReadMarkSchema, mark)) reads[userId] = { ...mark }
    const messages = (messagesArray(doc).toArray() as unknown[])
      .map(copyOf)
      .filter((m): m is Message => m !== null)
    return { meta: readMeta(doc), messages, reads }
  }

  /** Points the store at the document of `current`: one store update per transaction. */
  const attach = (current: SyncDoc) => {
    const refreshTypists = () => {
      const found = new Map<string, Typist>()
      for (const state of current.awareness.getStates().values()) {
        const user = (state as { user?: { id?: unknown; name?: unknown } }).user
        if (state.typing !== true || typeof user?.id !== 'string' || user.id === me.id) continue
        found.set(user.id, { id: user.id, name: typeof user.name === 'string' ? user.name : 'Someone' })
      }
      setTypists([...found.values()])
    }
    const stopDoc = onDocChange(current.doc, () => setStore(reconcile(read(current.doc), { key: 'id' })))
    current.awareness.setLocalState({ user: { id: me.id, name: me.name }, typing: false })
    current.awareness.on('change', refreshTypists)
    refreshTypists()
    detach = () => {
      stopDoc()
      current.awareness.off('change', refreshTypists)
    }
  }
  attach(room())
  void room()
    .whenLoaded()
    .then(() => setLoading(false))

  const setTyping = (active: boolean) => {
    clearTimeout(typingTimer)
    if (active) typingTimer = setTimeout(() => setTyping(false), config.typingIdleMs)
    if (active === typingNow) return
    typingNow = active
    room().awareness.setLocalStateField('typing', active)
  }

  return {
    chatId,
    store,
    status: () => room().status(),
    refusal: () => room().refusal(),
    loading,
    reloading,
    typists,
    send(text) {
      const clean = cleanText(text)
      if (!clean || clean.length > MAX_TEXT_LENGTH || reloading()) return false
      appendMessage(room().doc, { id: newMessageId(), author: me.id, text: clean, at: Date.now() }, LocalOrigin)
      setTyping(false)
      return true
    },
    typing: setTyping,
    markRead() {
      const newest = store.messages.at(-1)
      if (!newest || newest.author === me.id || store.reads[me.id]?.upTo === newest.id) return
      markRead(room().doc, me.id, newest.id, Date.now(), LocalOrigin)
    },
    async reload() {
      if (reloading()) return
      setReloading(true)
      setTyping(false)
      detach()
      room().destroy()
      const next = open()
      await next.whenLoaded()
      await next.whenSynced(4000)
      setRoom(next)
      attach(next)
      setReloading(false)
    },
    destroy() {
      clearTimeout(typingTimer)
      detach()
      room().destroy()
    },
  }
}
