// What the relay keeps of each epoch of a chat (a chat is split in time into documents, its
// epochs: rooms `chat/<id>` and `chat/<id>/<n>`): how many messages it holds, how many each author
// wrote, and its newest message. An inbox row covers every epoch, so it is the sum of these rows
// (chat-indexing.ts), with the loaded epoch's own counts taken live from its document. Rows are
// written with the documents, in the same commit (storage/doc-store.ts IndexWrites.epochs).

import type { InboxChat } from '@parley/chat-model'

export interface EpochStats {
  chatId: string
  epoch: number
  /** Messages in the epoch, one per id (an edit's copies count once), tombstones included. */
  messages: number
  /** Messages per author id. */
  byAuthor: Readonly<Record<string, number>>
  /** The epoch's newest message as an inbox row shows it, or null when it has none. */
  lastMessage: InboxChat['lastMessage']
}

/** What an inbox row says of a chat, summed over its epochs. */
export interface ChatTotals {
  messageCount: number
  /** Messages by others than `member`. */
  fromOthers: number
  /** The last message of the newest epoch that has one. */
  lastMessage: InboxChat['lastMessage']
}

/** Sums epochs (any order, one row per epoch) into what `member`'s inbox row shows. */
export function sumEpochs(epochs: Iterable<EpochStats>, member: string): ChatTotals {
  let messageCount = 0
  let fromOthers = 0
  let newest = -1
  let lastMessage: InboxChat['lastMessage'] = null
  for (const e of epochs) {
    messageCount += e.messages
    fromOthers += e.messages - (e.byAuthor[member] ?? 0)
    if (e.lastMessage && e.epoch > newest) {
      newest = e.epoch
      lastMessage = e.lastMessage
    }
  }
  return { messageCount, fromOthers, lastMessage }
}
