// My inbox document (`inbox/<userId>`) as a Solid store: the chats the relay lists for me and my
// own open/closed and read state for each. Writes only the `state` map, as the contract says.
// Chats started on this device are shown from `local` until the relay lists them, and are kept
// on this device meanwhile, so that a chat started offline survives a reload.

import { createStore, reconcile, unwrap } from 'solid-js/store'
import type { Accessor } from 'solid-js'
import * as v from 'valibot'
import { inboxRoom } from '@parley/protocol'
import {
  InboxChatSchema,
  InboxStateSchema,
  inboxChats,
  inboxState,
  setInboxState,
  type ChatMeta,
  type InboxChat,
  type InboxState,
} from '@parley/chat-model'
import { onDocChange } from './doc-changes.ts'
import type { LocalKv } from './local-kv.ts'
import { browserOnline } from './network.ts'
import { LocalOrigin } from './origins.ts'
import { openSyncDoc, type ConnectionStatus, type RoomRefusal, type SyncDocOptions } from './sync-doc.ts'

export interface InboxStore {
  chats: Record<string, InboxChat>
  state: Record<string, InboxState>
  /** Chats started here that the relay has not listed yet. */
  local: Record<string, InboxChat>
}

export interface Inbox {
  store: InboxStore
  /** True once the relay has synced the inbox at least once in this session. */
  synced: Accessor<boolean>
  loaded: Accessor<boolean>
  refusal: Accessor<RoomRefusal | null>
  /** The inbox's connection: it is always open, so it says whether the relay can be reached. */
  status: Accessor<ConnectionStatus>
  nextRetryAt: Accessor<number | null>
  /**
   * Resolves once the local copy is loaded, and, on a device that has never synced the inbox,
   * once the relay has (or a few seconds later). It never waits for a network that is not there.
   */
  whenReady(): Promise<void>
  /** Opens (or reopens) a chat for me. */
  open(chatId: string): void
  /** Closes a chat for me only; everything it holds counts as seen. */
  close(chatId: string): void
  /** Marks every message from others in the chat as seen. */
  markSeen(chatId: string): void
  /** Shows a chat started here until the relay lists it. */
  addLocal(meta: ChatMeta): void
  /** The chat's head epoch as the relay last wrote it in my inbox (0 when it says nothing). */
  headOf(chatId: string): number
  destroy(): void
}

const LOCAL_KEY = 'local-chats'

/** Valid entries of a root map, copied so that Solid never annotates the objects Yjs holds. */
const validEntries = <T,>(schema: v.GenericSchema<T>, map: Iterable<[string, unknown]>) => {
  const out: Record<string, T> = {}
  for (const [key, value] of map) if (v.is(schema, value)) out[key] = structuredClone(value)
  return out
}

export function createInbox(userId: string, options: SyncDocOptions, kv: LocalKv): Inbox {
  const room = openSyncDoc(inboxRoom(userId), { ...options, persistFor: userId })
  const [store, setStore] = createStore<InboxStore>({ chats: {}, state: {}, local: {} })
  let everSynced = false

  const keptLocal = kv.get<Record<string, InboxChat>>(LOCAL_KEY).then((kept) => {
    const fresh = Object.values(kept ?? {}).filter((chat) => v.is(InboxChatSchema, chat) && !store.chats[chat.chatId])
    for (const chat of fresh) setStore('local', chat.chatId, chat)
  })
  // After the kept list is read, so that a chat started meanwhile does not overwrite it.
  const saveLocal = () => void keptLocal.then(() => kv.set(LOCAL_KEY, structuredClone(unwrap(store.local))))
  const stop = onDocChange(room.doc, () => {
    const chats = validEntries(InboxChatSchema, inboxChats(room.doc).entries())
    const state = validEntries(InboxStateSchema, inboxState(room.doc).entries())
    const local = Object.fromEntries(Object.entries(store.local).filter(([id]) => !(id in chats)))
    const listed = Object.keys(local).length !== Object.keys(store.local).length
    setStore(reconcile({ chats, state, local }, { merge: true }))
    if (listed) saveLocal()
  })

  const write = (chatId: string, change: (current: InboxState) => InboxState) => {
    const current = store.state[chatId] ?? { open: true, seen: 0, updatedAt: 0 }
    const next = change(current)
    if (next.open === current.open && next.seen === current.seen && store.state[chatId]) return
    setInboxState(room.doc, chatId, { ...next, updatedAt: Date.now() }, LocalOrigin)
  }
  const fromOthers = (chatId: string) => store.chats[chatId]?.fromOthers ?? 0
  const synced = () => (everSynced ||= room.synced())

  return {
    store,
    synced,
    loaded: room.loaded,
    refusal: room.refusal,
    status: room.status,
    nextRetryAt: room.nextRetryAt,
    async whenReady() {
      await room.whenLoaded()
      // A local copy that lists chats has synced before: trust it rather than wait.
      if (synced() || inboxChats(room.doc).size > 0 || !browserOnline()) return
      await room.whenSynced(3000)
    },
    open: (chatId) => write(chatId, (s) => ({ ...s, open: true })),
    close: (chatId) => write(chatId, (s) => ({ ...s, open: false, seen: Math.max(s.seen, fromOthers(chatId)) })),
    markSeen: (chatId) => write(chatId, (s) => ({ ...s, seen: Math.max(s.seen, fromOthers(chatId)) })),
    addLocal(meta) {
      if (store.chats[meta.id]) return
      const chat: InboxChat = {
        chatId: meta.id,
        members: [...meta.members],
        startedBy: meta.createdBy,
        startedAt: meta.createdAt,
        lastMessage: null,
        messageCount: 0,
        fromOthers: 0,
        unread: 0,
      }
      setStore('local', meta.id, chat)
      saveLocal()
    },
    // A relay of an older version writes no head: that means epoch 0.
    headOf: (chatId) => store.chats[chatId]?.head ?? 0,
    destroy() {
      stop()
      room.destroy()
    },
  }
}
