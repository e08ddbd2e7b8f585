// W4h's seeded documents must look like what two people write through the protocol: the messages
// in order, one Yjs item per turn under each member's own client id, meta only in epoch 0.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { messagesArray, readMeta, type Message } from '@parley/chat-model'
import { buildDoc } from './epoch-docs.ts'
import { makePopulation } from './population.ts'

const chat = makePopulation({ users: 2, orgSize: 2, pairs: true }).chats[0]!

const load = (update: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

describe('buildDoc', () => {
  it('writes epoch 0 with meta and the messages in order, in turns of both members', () => {
    const built = buildDoc(`chat/${chat.id}`, chat, 0, 500, true, 1_000)
    const doc = load(built.update)
    expect(readMeta(doc)).toEqual({ id: chat.id, members: chat.members.map((m) => m.id), createdBy: chat.members[0].id, createdAt: 1_000 })
    const messages = messagesArray(doc).toArray()
    expect(messages.map((m) => m.id)).toEqual(Array.from({ length: 500 }, (_, i) => `s${i}`))
    expect(built.messages).toBe(500)
    expect(built.last).toEqual(messages[499])
    expect(Object.values(built.byAuthor).reduce((a, b) => a + b, 0)).toBe(500)
    for (const m of chat.members) expect(built.byAuthor[m.id], m.id).toBe(messages.filter((x) => x.author === m.id).length)

    // One item per turn: consecutive messages of one author share an item, and items alternate
    // between the two client ids, each bound to the member who wrote under it.
    const owner = new Map(built.clients)
    expect(new Set(owner.values())).toEqual(new Set(chat.members.map((m) => m.id)))
    let item = messagesArray(doc)._start
    let items = 0
    let previous: number | null = null
    while (item) {
      const content = item.content.getContent() as Message[]
      expect(new Set(content.map((m) => m.author))).toEqual(new Set([owner.get(item.id.client)]))
      expect(item.id.client).not.toBe(previous)
      previous = item.id.client
      items++
      item = item.right
    }
    expect(items).toBeGreaterThan(500 / 8)
    expect(items).toBeLessThan(500)
  })

  it('writes a later epoch without meta, numbering its messages from where the last one stopped', () => {
    const doc = load(buildDoc(`chat/${chat.id}/3`, chat, 1_500, 20, false, 0).update)
    expect(doc.share.has('meta')).toBe(false)
    expect(messagesArray(doc).toArray().map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `s${1_500 + i}`))
  })
})
