// Reading and writing a chat document. These helpers are the only code that knows the chat
// document's layout; they do not sync, persist or validate (the relay validates).

import * as Y from 'yjs'
import { ChatRoot, type ChatMeta, type Mention, type Message, type ReadMark } from './schema.ts'

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>(ChatRoot.meta)
export const messagesArray = (doc: Y.Doc) => doc.getArray<Message>(ChatRoot.messages)
export const readsMap = (doc: Y.Doc) => doc.getMap<ReadMark>(ChatRoot.reads)

/** Writes `meta` in one transaction. Call once, when the chat is created. */
export function initChat(doc: Y.Doc, meta: ChatMeta, origin?: unknown): void {
  doc.transact(() => {
    const map = metaMap(doc)
    map.set('id', meta.id)
    map.set('members', [...meta.members])
    map.set('createdBy', meta.createdBy)
    map.set('createdAt', meta.createdAt)
  }, origin)
}

/** The chat's meta, or null while it is incomplete (not yet synced). */
export function readMeta(doc: Y.Doc): ChatMeta | null {
  const map = metaMap(doc)
  const id = map.get('id')
  const members = map.get('members')
  const createdBy = map.get('createdBy')
  const createdAt = map.get('createdAt')
  if (typeof id !== 'string' || !Array.isArray(members)) return null
  if (typeof createdBy !== 'string' || typeof createdAt !== 'number') return null
  return { id, members: members.map(String), createdBy, createdAt }
}

/** Appends a message at the end of the conversation. */
export function appendMessage(doc: Y.Doc, message: Message, origin?: unknown): void {
  doc.transact(() => messagesArray(doc).push([message]), origin)
}

/** Messages in conversation order (oldest first). */
export const readMessages = (doc: Y.Doc): Message[] => messagesArray(doc).toArray()

/** Records that `userId` has seen every message up to and including `messageId`. */
export function markRead(doc: Y.Doc, userId: string, messageId: string, at: number, origin?: unknown) {
  doc.transact(() => readsMap(doc).set(userId, { upTo: messageId, at }), origin)
}

/** Where an item of `authorId` with message id `id` sits in the array, every copy (concurrent edits leave several). */
function copiesOf(doc: Y.Doc, authorId: string, id: string): number[] {
  const found: number[] = []
  messagesArray(doc).forEach((m, index) => {
    if (m.id === id && m.author === authorId) found.push(index)
  })
  return found
}

/**
 * Replaces the author's message `id` with `next` (same id, author and `at`), in one transaction:
 * every copy goes and one new item takes the place of the first. The relay lets only an item's
 * author delete it, so this is how an edit or a deletion reaches everyone. Returns false when the
 * document has no such message of `authorId`.
 */
export function replaceMessage(doc: Y.Doc, authorId: string, next: Message, origin?: unknown): boolean {
  const copies = copiesOf(doc, authorId, next.id)
  if (copies.length === 0) return false
  doc.transact(() => {
    const array = messagesArray(doc)
    for (const index of [...copies].reverse()) array.delete(index, 1)
    array.insert(copies[0]!, [next])
  }, origin)
  return true
}

/** The author's message `id` with new text (and mentions), marked edited at `editedAt`. */
export function editMessage(doc: Y.Doc, authorId: string, id: string, text: string, mentions: readonly Mention[], editedAt: number, origin?: unknown): boolean {
  const current = latestById(readMessages(doc)).find((m) => m.id === id && m.author === authorId)
  if (!current || current.deleted) return false
  const next: Message = { id, author: authorId, text, at: current.at, editedAt, ...(mentions.length > 0 ? { mentions: [...mentions] } : {}) }
  return replaceMessage(doc, authorId, next, origin)
}

/** Replaces the author's message `id` with a tombstone: the conversation keeps its place. */
export function deleteMessage(doc: Y.Doc, authorId: string, id: string, deletedAt: number, origin?: unknown): boolean {
  const current = latestById(readMessages(doc)).find((m) => m.id === id && m.author === authorId)
  if (!current) return false
  return replaceMessage(doc, authorId, { id, author: authorId, text: '', at: current.at, editedAt: deletedAt, deleted: true }, origin)
}

/**
 * One message per (author, id), where the first copy sits: concurrent edits from two devices of
 * the same author leave two copies, and every replica shows the same one (the latest `editedAt`,
 * and on a tie the one later in the array, whose order is the same everywhere).
 */
export function latestById<T extends Message>(messages: readonly T[]): T[] {
  const keyOf = (m: Message) => `${m.author}\u0000${m.id}`
  const winner = new Map<string, T>()
  for (const m of messages) {
    const held = winner.get(keyOf(m))
    if (!held || (m.editedAt ?? m.at) >= (held.editedAt ?? held.at)) winner.set(keyOf(m), m)
  }
  if (winner.size === messages.length) return [...messages]
  const placed = new Set<string>()
  const out: T[] = []
  for (const m of messages) {
    const key = keyOf(m)
    if (placed.has(key)) continue
    placed.add(key)
    out.push(winner.get(key)!)
  }
  return out
}
