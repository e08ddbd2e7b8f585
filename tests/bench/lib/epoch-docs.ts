// Builds the stored documents of a long chat in the bench process, for W4h: a chat split in time
// into epochs (docs/protocol.md), or one legacy document written before epochs existed. Each
// document is written the way two people write it (turns of one to a few messages, each member
// under their own Yjs client id, every turn placed after the previous one), so it has the
// structure W4 gets through the protocol. It writes no storage: parley-history-seed.ts does.

import * as Y from 'yjs'
import { initChat, messagesArray, type Message } from '@parley/chat-model'
import type { BenchChat } from './population.ts'

/** One document as it is stored: the room, its state as one update, and who each client id is. */
export interface BuiltDoc {
  room: string
  update: Uint8Array
  clients: [clientId: number, userId: string][]
  messages: number
  /** Messages per author, as the relay's per-epoch stats count them. */
  byAuthor: Record<string, number>
  last: Message | null
}

/** Mean number of messages one person writes before the other answers (W4's seeding uses 2). */
export const MEAN_TURN = 2

/** A Yjs client id that is not `taken`: what two devices draw at random. */
function freshClientId(taken: number): number {
  for (;;) {
    const id = Math.floor(Math.random() * 2 ** 31)
    if (id !== taken) return id
  }
}

/**
 * The document of room `room` holding messages number `first` .. `first + count - 1` of the chat,
 * in turns of the two members (with `meta` when `withMeta`: epoch 0). Turn lengths are
 * 1 + Geometric(1/MEAN_TURN), at most 8, as in W4's seeding; `at` grows by a second per message.
 */
export function buildDoc(room: string, chat: BenchChat, first: number, count: number, withMeta: boolean, startAt: number): BuiltDoc {
  const doc = new Y.Doc({ gc: true })
  const ids = [freshClientId(-1), 0] as [number, number]
  ids[1] = freshClientId(ids[0])
  const users = chat.members.map((m) => m.id) as [string, string]
  if (withMeta) {
    doc.clientID = ids[0]
    initChat(doc, { id: chat.id, members: users, createdBy: users[0], createdAt: startAt })
  }
  const array = messagesArray(doc)
  const byAuthor: Record<string, number> = {}
  let written = 0
  let turn = 0
  let last: Message | null = null
  while (written < count) {
    const m = turn % 2
    let k = 1
    while (Math.random() > 1 / MEAN_TURN && k < 8) k++
    k = Math.min(k, count - written)
    const batch: Message[] = []
    for (let i = 0; i < k; i++) {
      const n = first + written + i
      batch.push({ id: `s${n}`, author: users[m]!, text: `Stored message ${n}: the quick brown fox jumps over the lazy dog.`, at: startAt + n * 1000 })
    }
    // One transaction per turn under the writer's client id: one Yjs item per turn, as two
    // devices that each see the other's turn before writing their own would produce. insert at
    // the end rather than push: push walks the whole list every time (50 s for 100k messages).
    doc.clientID = ids[m]!
    doc.transact(() => array.insert(array.length, batch))
    byAuthor[users[m]!] = (byAuthor[users[m]!] ?? 0) + k
    last = batch[batch.length - 1]!
    written += k
    turn++
  }
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return { room, update, clients: [[ids[0], users[0]], [ids[1], users[1]]], messages: count, byAuthor, last }
}
