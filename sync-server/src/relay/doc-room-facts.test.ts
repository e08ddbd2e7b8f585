// A chat's creation is judged with facts from the directory, which may be slow: meanwhile the room
// holds every later frame (of the creator and of anyone else) and every update from the bus, applies
// nothing before its judgement, and then handles what it held in the order it arrived. A refused
// creation leaves the document untouched. Messages to an existing chat never wait.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '@parley/protocol'
import { appendMessage, initChat, readMeta, type Message } from '@parley/chat-model'
import type { Directory, User } from '../accounts/accounts.ts'
import { createChatPolicy } from './chat-policy.ts'
import { TestPeer, room } from './doc-room-fixture.ts'
import { updateFrame } from './frames.ts'

const NOW = Date.now()
const people: Record<string, User> = {
  alice: { id: 'alice', orgId: 'acme', name: 'Alice', email: 'a@acme.test' },
  bob: { id: 'bob', orgId: 'acme', name: 'Bob', email: 'b@acme.test' },
  gone: { id: 'gone', orgId: 'acme', name: 'Gone', email: 'g@acme.test', deactivatedAt: NOW - 1000 },
}

/** A directory that answers only when the test opens it. */
function slowDirectory() {
  let open: () => void = () => {}
  const gate = new Promise<void>((resolve) => (open = resolve))
  let asked = 0
  const directory: Directory = {
    async userById(id) {
      asked++
      await gate
      return people[id] ?? null
    },
    usersInOrg: async () => Object.values(people),
  }
  return { directory, open, asked: () => asked }
}

/** A client document of `user` under Yjs client id `clientID`; each call returns the update it made. */
function client(clientID: number, user: string) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const capture = (write: () => void) => {
    let update: Uint8Array | null = null
    const keep = (u: Uint8Array) => (update = u)
    doc.on('update', keep)
    write()
    doc.off('update', keep)
    return update!
  }
  return {
    create: (members: string[]) => capture(() => initChat(doc, { id: 'chat1', members, createdBy: user, createdAt: NOW })),
    say: (id: string, text: string) => capture(() => appendMessage(doc, { id, author: user, text, at: NOW })),
  }
}

const textsOf = (doc: Y.Doc) => doc.getArray<Message>('messages').toArray().map((m) => m.text)
/** The message ids each stored update adds, applying them in the order they were stored. */
const messageIdsAdded = (updates: readonly Uint8Array[]) => {
  const doc = new Y.Doc()
  const seen = new Set<string>()
  return updates.map((update) => {
    Y.applyUpdate(doc, update)
    const added = doc.getArray<Message>('messages').toArray().map((m) => m.id).filter((id) => !seen.has(id))
    added.forEach((id) => seen.add(id))
    return added
  })
}

function chatRoom() {
  const slow = slowDirectory()
  const r = room({ policy: createChatPolicy({ chatId: 'chat1', directory: slow.directory, maxClockSkewMs: 60_000 }) })
  return { ...r, ...slow }
}

describe('DocRoom: a creation judged with slow directory facts', () => {
  it('holds later frames and bus updates, applies nothing before the judgement, then keeps their order', async () => {
    const { docRoom, stored, indexed, release, open, asked } = chatRoom()
    const alice = new TestPeer('alice')
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    const a = client(1, 'alice')
    const b = client(2, 'bob')
    const other = client(3, 'bob') // Bob on another relay process, arriving through the bus

    docRoom.receive(alice, updateFrame(a.create(['alice', 'bob'])))
    docRoom.receive(alice, updateFrame(a.say('a1', 'from Alice')))
    docRoom.receive(bob, updateFrame(b.say('b1', 'from Bob')))
    docRoom.receiveBusUpdate(other.say('c1', 'through the bus'))
    await release()
    expect(asked()).toBeGreaterThan(0)
    expect(readMeta(docRoom.doc)).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual([])
    expect(stored).toEqual([])

    open()
    await release() // the facts arrive and the held frames are handled…
    await release() // …and their writes are stored
    expect(readMeta(docRoom.doc)?.members).toEqual(['alice', 'bob'])
    expect(textsOf(docRoom.doc).sort()).toEqual(['from Alice', 'from Bob', 'through the bus'])
    // Stored in the order they arrived (the bus update is another relay's, stored there); the chat
    // is registered in the commit of its creation.
    expect(messageIdsAdded(stored.map((w) => w.update))).toEqual([[], ['a1'], ['b1']])
    expect(indexed[0]?.registered).toEqual([{ id: 'chat1', orgId: 'acme', createdBy: 'alice', createdAt: NOW, members: ['alice', 'bob'] }])
    expect([alice.closed, bob.closed]).toEqual([null, null])

    // The chat exists now: a message is handled at once, without asking the directory.
    const before = asked()
    docRoom.receive(bob, updateFrame(b.say('b2', 'at once')))
    expect(textsOf(docRoom.doc)).toContain('at once')
    expect(asked()).toBe(before)
  })

  it('leaves the document untouched when the creation is refused, and judges what it held against that', async () => {
    const { docRoom, stored, indexed, release, open } = chatRoom()
    const alice = new TestPeer('alice')
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    const a = client(1, 'alice')
    docRoom.receive(alice, updateFrame(a.create(['alice', 'gone'])))
    docRoom.receive(bob, updateFrame(client(2, 'bob').say('b1', 'too early')))
    open()
    await release()
    expect(alice.closed).toBe(CloseCode.forbidden)
    expect(bob.closed).toBe(CloseCode.forbidden) // content before meta
    expect(Y.encodeStateVector(docRoom.doc)).toEqual(Y.encodeStateVector(new Y.Doc()))
    expect(stored).toEqual([])
    expect(indexed).toEqual([])
  })

  it('refuses the creation, and carries on, when the directory cannot answer', async () => {
    const failing: Directory = {
      userById: async () => {
        throw new Error('directory away')
      },
      usersInOrg: async () => [],
    }
    const { docRoom, release } = room({ policy: createChatPolicy({ chatId: 'chat1', directory: failing, maxClockSkewMs: 60_000 }) })
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    docRoom.receive(alice, updateFrame(client(1, 'alice').create(['alice', 'bob'])))
    await release()
    expect(alice.closed).toBe(1011)
    expect(readMeta(docRoom.doc)).toBeNull()
    // The room is not stuck: the next creation is judged (and asks again).
    const bob = new TestPeer('bob')
    docRoom.join(bob)
    // (Refused once the room has read the store: its items are under an id it had never seen.)
    docRoom.receive(bob, updateFrame(client(2, 'bob').say('b1', 'hi')))
    await release()
    expect(bob.closed).toBe(CloseCode.forbidden)
  })
})
