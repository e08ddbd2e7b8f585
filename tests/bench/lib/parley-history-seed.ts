// Writes a long chat into a Parley data folder before the relay starts, for W4h, with the relay's
// own modules: the documents go in through the doc store's commit, with the index writes the
// relay itself makes in the same commit (the chat's registration, its last message time, the
// sealed head and each epoch's stats). 1M messages through the protocol would take hours.

import { INBOX_PREVIEW_LENGTH, type Message } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import type { EpochStats } from '../../../sync-server/src/chats/chat-epochs.ts'
import { openDatabase } from '../../../sync-server/src/storage/database.ts'
import { createSqliteDocStore } from '../../../sync-server/src/storage/sqlite-doc-store.ts'
import { NO_INDEX_WRITES, type DocWrite, type IndexWrites } from '../../../sync-server/src/storage/doc-store.ts'
import { getJson } from '../client/http-json.ts'
import { buildDoc, type BuiltDoc } from './epoch-docs.ts'
import type { BenchChat } from './population.ts'

export type HistorySeed =
  /** `messages` in sealed epochs of `epochMessages` each, then `headMessages` more in the head. */
  | { layout: 'epochs'; messages: number; epochMessages: number; headMessages: number }
  /** One epoch 0 of `messages`, head 0 and no epoch stats: a chat stored before epochs existed. */
  | { layout: 'legacy'; messages: number }

/** Epochs committed in one transaction: a few MB of rows. */
const EPOCHS_PER_COMMIT = 50
/** When the seeded conversation starts (`at` grows by a second per message). */
const START_AT = Date.UTC(2025, 0, 1)

/** Stores the chat's documents and index rows; the users must be registered first (parley-users.ts). */
export async function seedParleyHistory(dataDir: string, chat: BenchChat, seed: HistorySeed): Promise<void> {
  const db = openDatabase(dataDir)
  try {
    const docs = createSqliteDocStore(db)
    const [creator, other] = chat.members
    const registered: IndexWrites['registered'] = [
      { id: chat.id, orgId: creator.orgId, createdBy: creator.id, createdAt: START_AT, members: [creator.id, other.id] },
    ]
    if (seed.layout === 'legacy') {
      const doc = buildDoc(chatRoom(chat.id), chat, 0, seed.messages, true, START_AT)
      await docs.commit([write(doc)], { ...NO_INDEX_WRITES, registered, touched: [[chat.id, doc.last!.at]] })
      return
    }
    const sealed = Math.ceil(seed.messages / seed.epochMessages)
    for (let from = 0; from <= sealed; from += EPOCHS_PER_COMMIT) {
      const built: BuiltDoc[] = []
      for (let epoch = from; epoch < Math.min(from + EPOCHS_PER_COMMIT, sealed + 1); epoch++) {
        const first = epoch * seed.epochMessages
        const count = epoch < sealed ? Math.min(seed.epochMessages, seed.messages - first) : seed.headMessages
        built.push(buildDoc(chatRoom(chat.id, epoch), chat, first, count, epoch === 0, START_AT))
      }
      const last = built.findLast((d) => d.last !== null)?.last
      await docs.commit(built.map(write), {
        ...NO_INDEX_WRITES,
        registered: from === 0 ? registered : [],
        touched: last ? [[chat.id, last.at]] : [],
        sealed: [[chat.id, Math.min(from + EPOCHS_PER_COMMIT, sealed)]],
        epochs: built.map((d, i) => ({ chatId: chat.id, epoch: from + i, messages: d.messages, byAuthor: d.byAuthor, lastMessage: preview(d.last) })),
      })
    }
  } finally {
    db.close()
  }
}

/** An epoch's newest message as the relay keeps it for inbox rows. */
const preview = (m: Message | null): EpochStats['lastMessage'] =>
  m ? { id: m.id, author: m.author, text: m.text.slice(0, INBOX_PREVIEW_LENGTH), at: m.at } : null

const write = (doc: BuiltDoc): DocWrite => ({ room: doc.room, update: doc.update, bind: doc.clients })

/** Resolves once GET /api/chats gives the chat a head of at least `head` (the relay split it). */
export async function waitForHead(port: number, chat: BenchChat, head: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let seen: unknown = 'no answer'
  while (Date.now() < deadline) {
    const list = await getJson<{ chats: { id: string; head?: number }[] }>(port, '/api/chats', chat.members[1].token)
    seen = list.body.chats.find((c) => c.id === chat.id)?.head
    if (typeof seen === 'number' && seen >= head) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the relay did not move the chat's head to ${head} within ${timeoutMs} ms (head ${String(seen)})`)
}
