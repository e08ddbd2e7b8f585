// Building chat documents the way a Parley client does: meta first, then messages.

import * as Y from 'yjs'
import { appendMessage, initChat, newChatId, newMessageId, readMessages } from '@parley/chat-model'

export function newChatDoc(createdBy: string, other: string, chatId = newChatId(), doc = new Y.Doc()): { doc: Y.Doc; chatId: string } {
  initChat(doc, { id: chatId, members: [createdBy, other], createdBy, createdAt: Date.now() })
  return { doc, chatId }
}

export function say(doc: Y.Doc, author: string, text: string): string {
  const id = newMessageId()
  appendMessage(doc, { id, author, text, at: Date.now() })
  return id
}

export const texts = (doc: Y.Doc) => readMessages(doc).map((m) => m.text)
