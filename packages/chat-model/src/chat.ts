// Reading and writing a chat document. These helpers are the only code that knows the chat
// document's layout; they do not sync, persist or validate (the relay validates).

import * as Y from 'yjs'
import { ChatRoot, type ChatMeta, type Message, type ReadMark } from './schema.ts'

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
