// Steady chat traffic for the outage tests: each writer appends a message on a timer, and the test
// asks what was written, what was acknowledged, and whether every client holds the same messages.

import { appendMessage, readMessages } from '@parley/chat-model'
import * as Y from 'yjs'
import type { Login } from '../../support/relay.ts'
import { allAcked } from './chats.ts'
import type { AckingClient } from './use-cluster.ts'

export interface Writer {
  who: Login
  client: AckingClient
}

export interface Written {
  id: string
  writer: Writer
  /** The writer's clock before the write: acknowledged once the ack's entry passes it. */
  clock: number
  at: number
}

export interface Traffic {
  written: Written[]
  /** Messages acknowledged to their writer so far. */
  acked(): Written[]
  stop(): void
}

/** Every writer appends a message every `everyMs` until `stop()`; ids start with `tag`. */
export function startTraffic(writers: readonly Writer[], tag: string, everyMs = 50): Traffic {
  const written: Written[] = []
  const timer = setInterval(() => {
    for (const writer of writers) {
      const doc = writer.client.doc
      const id = `${tag}-${written.length}`
      written.push({ id, writer, clock: Y.getState(doc.store, doc.clientID), at: Date.now() })
      appendMessage(doc, { id, author: writer.who.user.id, text: id, at: Date.now() })
    }
  }, everyMs)
  return {
    written,
    acked: () => written.filter((w) => (w.writer.client.acked().get(w.writer.client.doc.clientID) ?? 0) > w.clock),
    stop: () => clearInterval(timer),
  }
}

export const messageIds = (doc: Y.Doc) => readMessages(doc).map((m) => m.id)

/** Every client holds the same messages, every written one among them, and all of it acknowledged. */
export function allConverged(clients: readonly AckingClient[], written: readonly Written[]): boolean {
  const first = messageIds(clients[0]!.doc)
  if (!clients.every((c) => messageIds(c.doc).join() === first.join())) return false
  const held = new Set(first)
  return written.every((w) => held.has(w.id)) && clients.every(allAcked)
}
