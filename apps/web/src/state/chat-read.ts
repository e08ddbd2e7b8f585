// Reads one epoch document of a chat into a plain snapshot: meta (epoch 0 only), messages in
// order, read marks, and whether the relay has stored each message. Each message Yjs holds is
// checked and copied once (the copy keeps Solid's bookkeeping off Yjs' objects); later reads
// reuse the copy, so `reconcile` sees it unchanged at once and long chats stay cheap to mirror.

import * as v from 'valibot'
import type * as Y from 'yjs'
import { MessageSchema, ReadMarkSchema, latestById, messagesArray, readMeta, readsMap, type ChatMeta, type Message, type ReadMark } from '@parley/chat-model'
import type { StateVector } from './acks.ts'
import { deliveryByAcks, type Delivery } from './marks.ts'
import { forEachItem, type ItemId } from './message-items.ts'

export interface EpochSnapshot {
  /** Only epoch 0 has one. */
  meta: ChatMeta | null
  /** This document's order, oldest first. */
  messages: Message[]
  reads: Record<string, ReadMark>
  /** Whether the relay has stored each message of this document. */
  delivery: (messageId: string) => Delivery
}

export interface ReadContext {
  acked: StateVector
  refused: boolean
}

/** Makes a reader that remembers the copies it made; use one per document. */
export function createChatReader(): (doc: Y.Doc, context: ReadContext) => EpochSnapshot {
  const copies = new WeakMap<object, Message | null>()
  const copyOf = (value: unknown): Message | null => {
    if (typeof value !== 'object' || value === null) return null
    let copy = copies.get(value)
    if (copy === undefined) {
      copy = v.is(MessageSchema, value) ? structuredClone(value) : null
      copies.set(value, copy)
    }
    return copy
  }

  return (doc, { acked, refused }) => {
    const reads: Record<string, ReadMark> = {}
    for (const [userId, mark] of readsMap(doc)) if (v.is(ReadMarkSchema, mark)) reads[userId] = { ...mark }
    const copies: Message[] = []
    const itemIdOf = new Map<Message, ItemId>()
    forEachItem(messagesArray(doc), (value, id) => {
      const message = copyOf(value)
      if (!message) return
      copies.push(message)
      itemIdOf.set(message, id)
    })
    // Concurrent edits leave copies of one message: every replica shows the same one.
    const messages = latestById(copies)
    const itemIds = new Map(messages.map((m) => [m.id, itemIdOf.get(m)!]))
    return { meta: readMeta(doc), messages, reads, delivery: deliveryByAcks(itemIds, acked, refused) }
  }
}
