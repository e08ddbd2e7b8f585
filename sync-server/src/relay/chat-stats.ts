// Running counts of a chat's messages (how many in all, how many by each author, the newest),
// kept from the messages array's events so that an inbox row never needs a scan of the chat.
// A message is counted once by its id: an edit replaces its item, and two devices of the author
// editing it at once leave two items of one id (readers show the latest, chat-model's latestById).

import * as Y from 'yjs'
import { messagesArray, type Message } from '@parley/chat-model'

export interface ChatStats {
  readonly count: number
  byAuthor(userId: string): number
  /** Messages per author, as stored in chat_epochs. */
  authors(): Record<string, number>
  last(): Message | null
}

export function trackChatStats(doc: Y.Doc): ChatStats {
  return new TrackedStats(messagesArray(doc))
}

/** One object per loaded chat with its methods on the prototype; its only closure is the observer. */
class TrackedStats implements ChatStats {
  /** Items in the array per message id, and its author. */
  private readonly copies = new Map<string, { author: string; items: number }>()
  private readonly perAuthor = new Map<string, number>()
  count = 0

  constructor(private readonly messages: Y.Array<Message>) {
    for (const message of messages.toArray()) this.add(message, 1)
    // Only the structs the transaction added or deleted are read: `event.changes` would walk the
    // whole array, at every message of a long chat.
    messages.observe((event) => this.changed(event.transaction))
  }

  byAuthor(userId: string): number {
    return this.perAuthor.get(userId) ?? 0
  }

  authors(): Record<string, number> {
    return Object.fromEntries([...this.perAuthor].filter(([, n]) => n > 0))
  }

  last(): Message | null {
    const { messages } = this
    return messages.length ? (messages.get(messages.length - 1) ?? null) : null
  }

  private changed(tr: Y.Transaction) {
    const { messages } = this
    const clients = tr.doc.store.clients
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0
      const structs = after > before ? clients.get(client) : undefined
      if (!structs) continue
      for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
        const item = structs[i]
        // An item added and deleted in one transaction never counted.
        if (item instanceof Y.Item && item.parent === messages && !item.deleted) for (const message of item.content.getContent() as Message[]) this.add(message, 1)
      }
    }
    Y.iterateDeletedStructs(tr, tr.deleteSet, (item) => {
      if (!(item instanceof Y.Item) || item.parent !== messages || item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) return
      for (const message of item.content.getContent() as Message[]) this.add(message, -1)
    })
  }

  private add(message: Message, delta: 1 | -1) {
    const entry = this.copies.get(message.id) ?? { author: message.author, items: 0 }
    const before = entry.items
    entry.items += delta
    if (entry.items > 0) this.copies.set(message.id, entry)
    else this.copies.delete(message.id)
    // Only the first copy in and the last copy out change the counts.
    const change = before === 0 && entry.items > 0 ? 1 : before > 0 && entry.items === 0 ? -1 : 0
    if (change === 0) return
    this.count += change
    this.perAuthor.set(entry.author, (this.perAuthor.get(entry.author) ?? 0) + change)
  }
}
