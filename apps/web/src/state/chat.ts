// One chat document as a Solid store, with the actions a member can take on it: send, say that
// they are typing, mark what they have read, reload, and retry or discard what the relay
// refused. It does not decide whether a chat is open for me: that is the inbox's business.

import { createComputed, createMemo, createRoot, createSignal, on, type Accessor } from 'solid-js'
import { createStore, reconcile, unwrap } from 'solid-js/store'
import { chatRoom } from '@parley/protocol'
import { MAX_TEXT_LENGTH, appendMessage, deleteMessage, editMessage, initChat, markRead, newMessageId, readMeta, type Mention, type Message } from '@parley/chat-model'
import type * as Y from 'yjs'
import type { User } from './api.ts'
import { createChatReader, type ChatSnapshot } from './chat-read.ts'
import { onDocChange } from './doc-changes.ts'
import type { LocalKv } from './local-kv.ts'
import { MessageMark } from './marks.ts'
import { LocalOrigin } from './origins.ts'
import { isWriteRefusal, openSyncDoc, type ConnectionStatus, type RoomRefusal, type SyncDoc, type SyncDocOptions } from './sync-doc.ts'
import { createTypists, type Typist } from './typists.ts'
import { loadUndelivered, noneUndelivered, saveUndelivered, type Undelivered } from './undelivered.ts'

export type { Typist } from './typists.ts'
export { MessageMark } from './marks.ts'

export interface ChatStore extends ChatSnapshot {
  /** Messages the relay refused, no longer in the document, waiting for Retry or Discard. */
  undelivered: Message[]
}

export interface ChatSession {
  readonly chatId: string
  readonly store: ChatStore
  status: Accessor<ConnectionStatus>
  refusal: Accessor<RoomRefusal | null>
  /** The relay's words with the refusal. */
  refusalReason: Accessor<string>
  /** True while the local copy has not been read yet (first open of a chat on this device). */
  loading: Accessor<boolean>
  reloading: Accessor<boolean>
  /** Other members typing right now. */
  typists: Accessor<Typist[]>
  /** True while the document holds writes the relay has not stored. */
  unsent: Accessor<boolean>
  /** My messages only on this device. */
  pendingCount: Accessor<number>
  /** My messages the relay refused (still in the document, or set aside). */
  failedCount: Accessor<number>
  /** Appends a message, with mentions as ranges into `text`; returns false when there is nothing to send. */
  send(text: string, mentions?: readonly Mention[]): boolean
  /** Replaces the text of one of my messages (marked edited); false when there is nothing to save. */
  edit(messageId: string, text: string, mentions?: readonly Mention[]): boolean
  /** Deletes one of my messages, leaving "Message deleted" in its place. */
  remove(messageId: string): boolean
  /** Says (through awareness) that I am typing; it lapses on its own after a pause. */
  typing(active: boolean): void
  /** Records that I have seen the newest message, if someone else wrote it. */
  markRead(): void
  /** Drops the in-memory copy and loads the chat again from this device and the relay. */
  reload(): Promise<void>
  /** Sends a refused message again, as a new message on the relay's copy; false if it could not. */
  retry(messageId: string): Promise<boolean>
  /** Forgets a refused message. */
  discard(messageId: string): Promise<void>
  destroy(): void
}

export interface ChatSessionOptions extends SyncDocOptions {
  me: Pick<User, 'id' | 'name'>
  kv: LocalKv
  /** A document already holding the chat (one just created here). */
  doc?: Y.Doc
}

/** Normalizes user input: trailing whitespace goes, inner line breaks stay. */
export const cleanText = (text: string) => text.replace(/\s+$/u, '').replace(/^\s*\n/u, '')

export function createChatSession(chatId: string, options: ChatSessionOptions): ChatSession {
  const { me, kv } = options
  const [store, setStore] = createStore<ChatStore>({ meta: null, messages: [], reads: {}, marks: {}, undelivered: [] })
  const [loading, setLoading] = createSignal(true)
  const [reloading, setReloading] = createSignal(false)
  let undelivered: Undelivered = noneUndelivered

  const open = (doc?: Y.Doc) =>
    openSyncDoc(chatRoom(chatId), { onUnauthorized: options.onUnauthorized, persistFor: me.id, acks: true }, doc)
  const [room, setRoom] = createSignal<SyncDoc>(open(options.doc))
  const typists = createTypists(me)
  const read = createChatReader()
  let detach = () => {}

  /** Points the store at `current`: one store update per transaction, and one per acknowledgement. */
  const attach = (current: SyncDoc) => {
    const refresh = () => {
      const snapshot = read(current.doc, { meId: me.id, acked: current.acked(), refused: isWriteRefusal(current.refusal()) })
      setStore(reconcile({ ...snapshot, undelivered: undelivered.messages }, { key: 'id' }))
    }
    const stopDoc = onDocChange(current.doc, refresh)
    // Acknowledgements and a refusal change marks without any transaction.
    const stopAcks = createRoot((dispose) => {
      createComputed(on([current.acked, current.refusal], refresh, { defer: true }))
      return dispose
    })
    const stopTypists = typists.attach(current.awareness)
    detach = () => {
      stopDoc()
      stopAcks()
      stopTypists()
    }
  }
  attach(room())
  void Promise.all([room().whenLoaded(), loadUndelivered(kv, chatId)]).then(([, kept]) => {
    undelivered = kept
    setStore('undelivered', kept.messages)
    setLoading(false)
  })

  const keepUndelivered = async (next: Undelivered) => {
    undelivered = next
    setStore('undelivered', next.messages)
    await saveUndelivered(kv, chatId, next)
  }

  /** Replaces the in-memory copy with a new one, after `before` (with the old one torn down). */
  const replaceRoom = async (before: () => Promise<void>) => {
    typists.set(false)
    detach()
    await before()
    const next = open()
    setRoom(next)
    attach(next)
    await next.whenLoaded()
    return next
  }

  // After a refusal, the refused writes are set aside (kept first, so nothing is lost if the tab
  // closes halfway) and the local copy is thrown away and loaded again from the relay.
  let settling: Promise<void> | null = null
  const settleRefusal = () =>
    (settling ??= (async () => {
      const current = room()
      if (!isWriteRefusal(current.refusal())) return
      // Plain copies: the store's objects are proxies, which IndexedDB cannot clone.
      const failed = unwrap(store.messages).filter((m) => store.marks[m.id] === MessageMark.failed).map((m) => structuredClone(m))
      const meta = readMeta(current.doc)
      await keepUndelivered({
        meta: undelivered.meta ?? (meta?.createdBy === me.id ? meta : null),
        messages: [...undelivered.messages, ...failed],
      })
      await replaceRoom(() => current.discardLocal())
    })().finally(() => (settling = null)))

  const count = (mark: MessageMark) => createMemo(() => Object.values(store.marks).filter((m) => m === mark).length)
  const pending = count(MessageMark.pending)
  const failedInDoc = count(MessageMark.failed)

  return {
    chatId,
    store,
    status: () => room().status(),
    refusal: () => room().refusal(),
    refusalReason: () => room().refusalReason(),
    loading,
    reloading,
    typists: typists.list,
    unsent: () => room().unsent(),
    pendingCount: pending,
    failedCount: () => failedInDoc() + store.undelivered.length,
    send(text, mentions = []) {
      const clean = cleanText(text)
      if (!clean || clean.length > MAX_TEXT_LENGTH || reloading() || room().refusal()) return false
      // Ranges point into the text as given: kept only if cleaning left it as it was (the composer sends it clean).
      const ranges = clean === text ? mentions.filter((m) => m.start < m.end && m.end <= clean.length) : []
      appendMessage(room().doc, { id: newMessageId(), author: me.id, text: clean, at: Date.now(), ...(ranges.length > 0 ? { mentions: ranges } : {}) }, LocalOrigin)
      typists.set(false)
      return true
    },
    edit(messageId, text, mentions = []) {
      const clean = cleanText(text)
      if (!clean || clean.length > MAX_TEXT_LENGTH || reloading() || room().refusal()) return false
      const ranges = clean === text ? mentions.filter((m) => m.start < m.end && m.end <= clean.length) : []
      return editMessage(room().doc, me.id, messageId, clean, ranges, Date.now(), LocalOrigin)
    },
    remove(messageId) {
      if (reloading() || room().refusal()) return false
      return deleteMessage(room().doc, me.id, messageId, Date.now(), LocalOrigin)
    },
    typing: (active) => typists.set(active),
    markRead() {
      // Up to the newest message, once anything from someone else lies past my read mark: they
      // see their messages as seen even when I answered after them.
      const messages = store.messages
      const upTo = store.reads[me.id]?.upTo
      const from = upTo === undefined ? 0 : messages.findIndex((m) => m.id === upTo) + 1
      if (!messages.slice(from).some((m) => m.author !== me.id)) return
      markRead(room().doc, me.id, messages.at(-1)!.id, Date.now(), LocalOrigin)
    },
    async reload() {
      if (reloading()) return
      setReloading(true)
      const current = room()
      const next = await replaceRoom(async () => current.destroy())
      await next.whenSynced(4000)
      setReloading(false)
    },
    async retry(messageId) {
      await settleRefusal()
      const message = undelivered.messages.find((m) => m.id === messageId)
      const current = room()
      if (!message || !(await current.whenSynced(10_000)) || current !== room()) return false
      const { doc } = current
      const meta = readMeta(doc) ? null : undelivered.meta
      doc.transact(() => {
        // The relay does not know the chat (it refused to create it): it must be created again,
        // with its meta in the same update as the message.
        if (meta) initChat(doc, meta)
        appendMessage(doc, { ...message, id: newMessageId(), at: Date.now() })
      }, LocalOrigin)
      await keepUndelivered({ ...undelivered, messages: undelivered.messages.filter((m) => m.id !== messageId) })
      return true
    },
    async discard(messageId) {
      await settleRefusal()
      await keepUndelivered({ ...undelivered, messages: undelivered.messages.filter((m) => m.id !== messageId) })
    },
    destroy() {
      typists.set(false)
      detach()
      room().destroy()
    },
  }
}
