// Chat counts follow messages by id: an edit (delete and reinsert of the author's item) changes
// nothing, a concurrent edit from two devices leaves two items but one message, and deleting
// every copy removes it.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { messagesArray, type Message } from '@parley/chat-model'
import { trackChatStats } from './chat-stats.ts'

const msg = (id: string, author: string, text: string): Message => ({ id, author, text, at: 1_800_000_000_000 })

describe('chat stats', () => {
  it('counts each message once by its id, through edits and concurrent edits', () => {
    const doc = new Y.Doc()
    const stats = trackChatStats(doc)
    const messages = messagesArray(doc)
    messages.push([msg('a', 'alice', 'one'), msg('b', 'bob', 'two')])
    expect([stats.count, stats.byAuthor('alice'), stats.byAuthor('bob')]).toEqual([2, 1, 1])

    // Two offline devices of Alice edit 'a'; both replacements arrive.
    const phone = new Y.Doc()
    const laptop = new Y.Doc()
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(doc))
    for (const [device, text] of [[phone, 'one, from the phone'], [laptop, 'one, from the laptop']] as const) {
      device.transact(() => {
        messagesArray(device).delete(0, 1)
        messagesArray(device).insert(0, [{ ...msg('a', 'alice', text), editedAt: 1_800_000_000_500 } as Message])
      })
    }
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(laptop))
    expect(messages.length).toBe(3)
    expect([stats.count, stats.byAuthor('alice'), stats.byAuthor('bob')]).toEqual([2, 1, 1])

    // Deleting every copy of 'a' removes the message.
    doc.transact(() => {
      for (let i = messages.length - 1; i >= 0; i--) if (messages.get(i).id === 'a') messages.delete(i, 1)
    })
    expect([stats.count, stats.byAuthor('alice'), stats.byAuthor('bob')]).toEqual([1, 0, 1])
  })

  it('matches a count from scratch through inserts, deletes, edits and an insert deleted in its own transaction', () => {
    const doc = new Y.Doc()
    const stats = trackChatStats(doc)
    const messages = messagesArray(doc)
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    let seed = 7
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n)
    const authors = ['alice', 'bob', 'carol']
    const recount = () => {
      const ids = new Map<string, string>()
      for (const m of messages.toArray()) ids.set(m.id, m.author)
      const by = (author: string) => [...ids.values()].filter((a) => a === author).length
      return [ids.size, ...authors.map(by)]
    }
    for (let step = 0; step < 300; step++) {
      const writer = random(2) === 0 ? doc : other
      const array = messagesArray(writer)
      const op = random(5)
      writer.transact(() => {
        if (op <= 1 || array.length === 0) array.insert(random(array.length + 1), [msg(`m${step}`, authors[random(3)]!, 'hi')])
        else if (op === 2) array.delete(random(array.length), 1)
        else if (op === 3) {
          const at = random(array.length)
          const old = array.get(at)
          array.delete(at, 1)
          array.insert(at, [{ ...old, text: 'edited' }])
        } else {
          array.push([msg(`gone${step}`, 'alice', 'x')])
          array.delete(array.length - 1, 1)
        }
      })
      // Sync both ways now and then, so concurrent changes meet.
      if (random(3) === 0) {
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
        Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
      }
      expect([stats.count, ...authors.map((a) => stats.byAuthor(a))]).toEqual(recount())
    }
  })
})
