// The chat window's view of a chat in several epochs: read from real epoch documents and pages,
// my messages marked by the document that holds them (or sent, from a page), seen up to the
// other member's newest read mark in any epoch, and only held messages editable.

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, markRead } from '@parley/chat-model'
import { createChatReader, type EpochSnapshot } from './chat-read.ts'
import { composeChatView } from './chat-view.ts'
import type { PageMessage } from './conversation.ts'

const ME = 'alice'
const BOB = 'bob'

const page = (epoch: number, ...specs: Array<[id: string, author: string]>): PageMessage[] =>
  specs.map(([id, author]) => ({ id, author, text: id, at: 1, epoch }))

function epochDoc(...specs: Array<[id: string, author: string]>) {
  const doc = new Y.Doc()
  for (const [id, author] of specs) appendMessage(doc, { id, author, text: id, at: 2 })
  return doc
}

const snapshot = (doc: Y.Doc, acked = new Map<number, number>()): EpochSnapshot => createChatReader()(doc, { acked, refused: false })

describe('composeChatView', () => {
  it('marks my page messages sent and my unacknowledged head messages pending, and only held ones editable', () => {
    const head = epochDoc(['h1', ME], ['h2', BOB])
    const { view, heldIn } = composeChatView(ME, new Map([[2, snapshot(head)]]), page(1, ['p1', ME], ['p2', BOB]))
    expect(view.messages.map((m) => m.id)).toEqual(['p1', 'p2', 'h1', 'h2'])
    expect(view.marks).toEqual({ p1: 'sent', h1: 'pending' })
    expect(view.held).toEqual({ h1: true, h2: true })
    expect(heldIn.get('h1')).toBe(2)
  })

  it('marks a held message sent once its document is acknowledged', () => {
    const head = epochDoc(['h1', ME])
    const { view } = composeChatView(ME, new Map([[1, snapshot(head, new Map([[head.clientID, 1]]))]]), [])
    expect(view.marks).toEqual({ h1: 'sent' })
  })

  it('marks my messages seen up to the other member\'s newest read mark, whichever epoch holds it', () => {
    const older = epochDoc(['a', ME], ['b', ME])
    const head = epochDoc(['c', ME])
    // Bob read up to "a" in the older epoch, then up to "b" in the head (later).
    markRead(older, BOB, 'a', 10)
    markRead(head, BOB, 'b', 20)
    const snapshots = new Map([
      [1, snapshot(older)],
      [2, snapshot(head)],
    ])
    const { view } = composeChatView(ME, snapshots, [])
    expect(view.reads[BOB]).toEqual({ upTo: 'b', at: 20 })
    expect(view.marks).toEqual({ a: 'seen', b: 'seen', c: 'pending' })
  })

  it('takes the meta from epoch 0 only', () => {
    const { view } = composeChatView(ME, new Map([[3, snapshot(epochDoc())]]), [])
    expect(view.meta).toBeNull()
  })
})
