// Reading and writing an inbox document (`inbox/<userId>`). The relay writes `chats`; the owner's
// clients write `state`. Nothing else is in an inbox.

import * as Y from 'yjs'
import { InboxRoot, type InboxChat, type InboxState } from './schema.ts'

export const inboxChats = (doc: Y.Doc) => doc.getMap<InboxChat>(InboxRoot.chats)
export const inboxState = (doc: Y.Doc) => doc.getMap<InboxState>(InboxRoot.state)

/** Unread count as the owner's device sees it, even before the relay has caught up. */
export function unreadOf(chat: InboxChat, state: InboxState | undefined): number {
  return Math.max(0, chat.fromOthers - (state?.seen ?? 0))
}

/** A chat is open for its owner until they close it; a chat without state is new, so open. */
export const isOpen = (state: InboxState | undefined) => state?.open ?? true

/** Writes the owner's view of one chat (open or closed, how much of it they have seen). */
export function setInboxState(doc: Y.Doc, chatId: string, state: InboxState, origin?: unknown) {
  doc.transact(() => inboxState(doc).set(chatId, state), origin)
}
