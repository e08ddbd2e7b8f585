// Running counts of a chat's messages (how many in all, how many by each author, the newest),
// kept from the messages array's events so that an inbox row never needs a scan of the chat.

import * as Y from 'yjs'
import { messagesArray, type Message } from '@parley/chat-model'

export interface ChatStats {
  readonly count: number
  byAuthor(userId: string): number
  last(): Message | null
}

export function trackChatStats(doc: Y.Doc): ChatStats {
  const messages = messagesArray(doc)
  const perAuthor = new Map<string, number>()
  const add = (message: Message, delta: number) => perAuthor.set(message.author, (perAuthor.get(message.author) ?? 0) + delta)
  for (const message of messages.toArray()) add(message, 1)
  messages.observe((event) => {
    for (const change of event.changes.delta) {
      if (change.insert) for (const message of change.insert as Message[]) add(message, 1)
    }
    for (const item of event.changes.deleted) {
      for (const message of item.content.getContent() as Message[]) add(message, -1)
    }
  })
  return {
    get count() {
      return messages.length
    },
    byAuthor: (userId) => perAuthor.get(userId) ?? 0,
    last: () => (messages.length ? (messages.get(messages.length - 1) ?? null) : null),
  }
}
