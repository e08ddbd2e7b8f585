// The marks of my messages from a real chat document: pending until the relay's acknowledged
// state vector covers a message's Yjs id, seen once another member's read mark reaches it, and
// failed instead of pending once the relay has refused the room.

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, messagesArray, type Message } from '@parley/chat-model'
import { deliveryByAcks, deriveMarks, type MarkInput } from './marks.ts'
import type { StateVector } from './acks.ts'
import { forEachItem, type ItemId } from './message-items.ts'

const ME = 'alice'
const BOB = 'bob'

function chat(authors: string[]) {
  const doc = new Y.Doc()
  authors.forEach((author, i) => appendMessage(doc, { id: `m${i}`, author, text: `text ${i}`, at: i }))
  const messages: Message[] = []
  const itemIds = new Map<string, ItemId>()
  forEachItem(messagesArray(doc), (value, id) => {
    messages.push(value as Message)
    itemIds.set((value as Message).id, id)
  })
  return { doc, messages, itemIds }
}

interface Given {
  acked?: StateVector
  reads?: MarkInput['reads']
  refused?: boolean
}

const input = (c: ReturnType<typeof chat>, given: Given = {}): MarkInput => ({
  meId: ME,
  messages: c.messages,
  reads: given.reads ?? {},
  delivery: deliveryByAcks(c.itemIds, given.acked ?? new Map(), given.refused ?? false),
})

describe('message marks', () => {
  it('gives each of my messages the Yjs id it was written with, one clock tick apart', () => {
    const c = chat([ME, ME, ME])
    expect([...c.itemIds.values()].map((id) => id.clock)).toEqual([0, 1, 2])
    expect(new Set([...c.itemIds.values()].map((id) => id.client))).toEqual(new Set([c.doc.clientID]))
  })

  it('marks my messages pending until the acknowledged vector covers them, and leaves others unmarked', () => {
    const c = chat([ME, BOB, ME])
    expect(deriveMarks(input(c))).toEqual({ m0: 'pending', m2: 'pending' })
    // Clocks 0 and 1 stored: m0 is sent, m2 (clock 2) is not yet.
    expect(deriveMarks(input(c, { acked: new Map([[c.doc.clientID, 2]]) }))).toEqual({ m0: 'sent', m2: 'pending' })
    expect(deriveMarks(input(c, { acked: new Map([[c.doc.clientID, 3]]) }))).toEqual({ m0: 'sent', m2: 'sent' })
  })

  it('marks my messages seen up to another member\'s read mark, and ignores my own read mark', () => {
    const c = chat([ME, ME, BOB, ME])
    const acked = new Map([[c.doc.clientID, 4]])
    expect(deriveMarks(input(c, { acked, reads: { [BOB]: { upTo: 'm1', at: 5 } } }))).toEqual({ m0: 'seen', m1: 'seen', m3: 'sent' })
    expect(deriveMarks(input(c, { acked, reads: { [ME]: { upTo: 'm3', at: 5 } } }))).toEqual({ m0: 'sent', m1: 'sent', m3: 'sent' })
    expect(deriveMarks(input(c, { acked, reads: { [BOB]: { upTo: 'gone', at: 5 } } }))).toEqual({ m0: 'sent', m1: 'sent', m3: 'sent' })
  })

  it('marks what the relay has not stored as failed once it refused the room', () => {
    const c = chat([ME, ME])
    expect(deriveMarks(input(c, { acked: new Map([[c.doc.clientID, 1]]), refused: true }))).toEqual({ m0: 'sent', m1: 'failed' })
  })

  it('marks a message from a history page (stored on the relay, in no document here) sent, or seen', () => {
    const paged: Message = { id: 'p0', author: ME, text: 'old', at: 0 }
    const c = chat([ME])
    const messages = [paged, ...c.messages]
    const delivery = (id: string) => (id === 'p0' ? 'stored' : deliveryByAcks(c.itemIds, new Map(), false)(id))
    expect(deriveMarks({ meId: ME, messages, reads: {}, delivery })).toEqual({ p0: 'sent', m0: 'pending' })
    expect(deriveMarks({ meId: ME, messages, reads: { [BOB]: { upTo: 'p0', at: 1 } }, delivery })).toEqual({ p0: 'seen', m0: 'pending' })
  })

  it('skips deleted messages', () => {
    const c = chat([ME, ME, ME])
    messagesArray(c.doc).delete(1, 1)
    const ids: number[] = []
    forEachItem(messagesArray(c.doc), (_value, id) => ids.push(id.clock))
    expect(ids).toEqual([0, 2])
  })
})
