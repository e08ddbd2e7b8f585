// One chat as a Solid store, with the actions a member can take on it: send, say that they are
// typing, mark what they have read, load older messages, reload, and retry or discard what the
// relay refused. The conversation is the chat's epoch documents open on this device (new
// messages go to the head) merged with the history pages loaded so far (conversation.ts). It
// does not decide whether a chat is open for me: that is the inbox's business.

import { createComputed, createMemo, createRoot, createSignal, on, onCleanup, type Accessor } from 'solid-js'
import { createStore, reconcile, unwrap } from 'solid-js/store'
import { MAX_TEXT_LENGTH, appendMessage, deleteMessage, editMessage, initChat, markRead, newMessageId, readMeta, type Mention, type Message } from '@parley/chat-model'
import type * as Y from 'yjs'
import type { User } from './api.ts'
import { HELD_EPOCHS_OPENED, openChatEpochs, type EpochDoc } from './chat-epochs.ts'
import { createChatReader, type EpochSnapshot } from './chat-read.ts'
import { composeChatView, type ChatView } from './chat-view.ts'
import { onDocChange } from './doc-changes.ts'
import { createHistoryPages, keptNewestEpoch, type OlderState } from './history-pages.ts'
import type { LocalKv } from './local-kv.ts'
import { MessageMark } from './marks.ts'
import { LocalOrigin } from './origins.ts'
import { isWriteRefusal, type ConnectionStatus, type RoomRefusal, type SyncDocOptions } from './sync-doc.ts'
import { createTypists, type Typist } from './typists.ts'
import { loadUndelivered, noneUndelivered, saveUndelivered, type Undelivered } from './undelivered.ts'

export type { Typist } from './typists.ts'
export { MessageMark } from './marks.ts'

export type { OlderState } from './history-pages.ts'

export interface ChatStore extends ChatView {
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
  /** Whether older messages are left to load, loading, or failed to load. */
  older: Accessor<OlderState>
  /** Loads the next page of older messages (one at a time). */
  loadOlder(): void
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
  /** The chat's head as the inbox row says (0 while it says nothing). */
  head: Accessor<number>
  /** A document already holding the chat (one just created here). */
  doc?: Y.Doc
}

/** Normalizes user input: trailing whitespace goes, inner line breaks stay. */
export const cleanText = (text: string) => text.replace(/\s+$/u, '').replace(/^\s*\n/u, '')

export function createChatSession(chatId: string, options: ChatSessionOptions): ChatSession {
  const { me, kv } = options
  const [store, setStore] = createStore<ChatStore>({ meta: null, messages: [], reads: {}, marks: {}, held: {}, undelivered: [] })
  const [loading, setLoading] = createSignal(true)
  const [reloading, setReloading] = createSignal(false)
  let undelivered: Undelivered = noneUndelivered

  const epochs = openChatEpochs(chatId, {
    onUnauthorized: options.onUnauthorized,
    persistFor: me.id,
    kv,
    head: options.head,
    keptPagesReach: () => keptNewestEpoch(kv, chatId),
    ...(options.doc ? { doc: options.doc } : {}),
  })
  const history = createHistoryPages(chatId, kv, () => Math.max(options.head(), epochs.head()?.epoch ?? 0) > 0)
  const room = () => epochs.head()?.room ?? null
  const typists = createTypists(me)

  // One snapshot per open epoch document, read again only when that document (or what the relay
  // acknowledged of it) changes; the conversation is merged again from them and the pages.
  const snapshots = new Map<number, EpochSnapshot>()
  let heldIn = new Map<string, number>()
  const compose = () => {
    const composed = composeChatView(me.id, snapshots, history.messages())
    heldIn = composed.heldIn
    setStore(reconcile({ ...composed.view, undelivered: undelivered.messages }, { key: 'id' }))
  }

  /** Follows one epoch document: one snapshot per transaction, and one per acknowledgement. */
  const attach = ({ epoch, room: current }: EpochDoc) => {
    const read = createChatReader()
    const refresh = () => {
      snapshots.set(epoch, read(current.doc, { acked: current.acked(), refused: isWriteRefusal(current.refusal()) }))
      compose()
    }
    const stopDoc = onDocChange(current.doc, refresh)
    // Acknowledgements and a refusal change marks without any transaction.
    const stopAcks = createRoot((dispose) => {
      createComputed(on([current.acked, current.refusal], refresh, { defer: true }))
      return dispose
    })
    return () => {
      stopDoc()
      stopAcks()
      snapshots.delete(epoch)
    }
  }

  const stop = createRoot((dispose) => {
    const attached = new Map<EpochDoc, () => void>()
    createComputed(
      on(epochs.list, (list) => {
        for (const [entry, detach] of attached) if (!list.includes(entry)) (detach(), attached.delete(entry))
        for (const entry of list) if (!attached.has(entry)) attached.set(entry, attach(entry))
        compose()
      }),
    )
    createComputed(on(history.messages, compose, { defer: true }))
    // Typing is awareness on the head's room.
    createComputed(() => {
      const head = epochs.head()
      if (head) onCleanup(typists.attach(head.room.awareness))
    })
    // The head moves when the relay seals it: the inbox row or a history page says so. After a
    // jump past more epochs than are opened (the device was away for long), the pages loaded
    // before no longer meet the head: they are loaded again from the newest.
    createComputed(
      on(
        () => Math.max(options.head(), history.head()),
        (head) => {
          const before = epochs.head()?.epoch
          epochs.follow(head)
          if (before !== undefined && head - before - 1 > HELD_EPOCHS_OPENED) history.restart()
        },
      ),
    )
    return () => {
      for (const detach of attached.values()) detach()
      dispose()
    }
  })

  void Promise.all([epochs.whenLoaded(), loadUndelivered(kv, chatId)]).then(([, kept]) => {
    undelivered = kept
    setStore('undelivered', kept.messages)
    // A head learned while the kept epochs were being read.
    epochs.follow(Math.max(options.head(), history.head()))
    setLoading(false)
  })

  const keepUndelivered = async (next: Undelivered) => {
    undelivered = next
    setStore('undelivered', next.messages)
    await saveUndelivered(kv, chatId, next)
  }

  // After a refusal, the refused writes are set aside (kept first, so nothing is lost if the tab
  // closes halfway) and the head's local copy is thrown away and loaded again from the relay.
  let settling: Promise<void> | null = null
  const settleRefusal = () =>
    (settling ??= (async () => {
      const head = epochs.head()
      if (!head || !isWriteRefusal(head.room.refusal())) return
      // Plain copies: the store's objects are proxies, which IndexedDB cannot clone.
      const failed = unwrap(store.messages)
        .filter((m) => store.marks[m.id] === MessageMark.failed && heldIn.get(m.id) === head.epoch)
        .map((m) => structuredClone(m))
      const meta = readMeta(head.room.doc)
      await keepUndelivered({
        meta: undelivered.meta ?? (meta?.createdBy === me.id ? meta : null),
        messages: [...undelivered.messages, ...failed],
      })
      typists.set(false)
      await epochs.reopen(true)
    })().finally(() => (settling = null)))

  const count = (mark: MessageMark) => createMemo(() => Object.values(store.marks).filter((m) => m === mark).length)
  const pending = count(MessageMark.pending)
  const failedInDoc = count(MessageMark.failed)
  /** The document that holds `messageId` on this device, if any. */
  const docOf = (messageId: string) => {
    const epoch = heldIn.get(messageId)
    return epochs.list().find((e) => e.epoch === epoch)?.room ?? null
  }
  const writable = () => !reloading() && !room()?.refusal()

  return {
    chatId,
    store,
    status: () => room()?.status() ?? 'connecting',
    refusal: () => room()?.refusal() ?? null,
    refusalReason: () => room()?.refusalReason() ?? '',
    loading,
    reloading,
    older: history.state,
    loadOlder: () => void history.loadOlder(),
    typists: typists.list,
    unsent: () => epochs.list().some((e) => e.room.unsent()),
    pendingCount: pending,
    failedCount: () => failedInDoc() + store.undelivered.length,
    send(text, mentions = []) {
      const clean = cleanText(text)
      const head = room()
      if (!clean || clean.length > MAX_TEXT_LENGTH || !head || !writable()) return false
      // Ranges point into the text as given: kept only if cleaning left it as it was (the composer sends it clean).
      const ranges = clean === text ? mentions.filter((m) => m.start < m.end && m.end <= clean.length) : []
      appendMessage(head.doc, { id: newMessageId(), author: me.id, text: clean, at: Date.now(), ...(ranges.length > 0 ? { mentions: ranges } : {}) }, LocalOrigin)
      typists.set(false)
      return true
    },
    edit(messageId, text, mentions = []) {
      const clean = cleanText(text)
      const holder = docOf(messageId)
      if (!clean || clean.length > MAX_TEXT_LENGTH || !holder || !writable()) return false
      const ranges = clean === text ? mentions.filter((m) => m.start < m.end && m.end <= clean.length) : []
      return editMessage(holder.doc, me.id, messageId, clean, ranges, Date.now(), LocalOrigin)
    },
    remove(messageId) {
      const holder = docOf(messageId)
      if (!holder || !writable()) return false
      return deleteMessage(holder.doc, me.id, messageId, Date.now(), LocalOrigin)
    },
    typing: (active) => typists.set(active),
    markRead() {
      // Up to the newest message, once anything from someone else lies past my read mark: they
      // see their messages as seen even when I answered after them.
      const messages = store.messages
      const upTo = store.reads[me.id]?.upTo
      const from = upTo === undefined ? 0 : messages.findIndex((m) => m.id === upTo) + 1
      const head = room()
      if (!head || !messages.slice(from).some((m) => m.author !== me.id)) return
      markRead(head.doc, me.id, messages.at(-1)!.id, Date.now(), LocalOrigin)
    },
    async reload() {
      if (reloading()) return
      setReloading(true)
      typists.set(false)
      history.restart()
      await epochs.reopen(false)
      await room()?.whenSynced(4000)
      setReloading(false)
    },
    async retry(messageId) {
      await settleRefusal()
      const message = undelivered.messages.find((m) => m.id === messageId)
      const head = epochs.head()
      if (!message || !head || !(await head.room.whenSynced(10_000)) || head !== epochs.head()) return false
      const { doc } = head.room
      // The relay does not know the chat (it refused to create it): it must be created again,
      // with its meta in the same update as the message. Only epoch 0 has a meta.
      const meta = head.epoch > 0 || readMeta(doc) ? null : undelivered.meta
      doc.transact(() => {
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
      stop()
      epochs.destroy()
    },
  }
}
