// Chat indexing around one room: whoever created the chat (a client here, or another relay
// process through the bus), anyone in the room who is not a member is closed once it appears; a
// stored message marks its chat as owing rows, which are computed once when collected (the last
// message time, rows for inboxes not loaded here) and go into the next document commit; the seal of
// a full head goes into the commit of the update that filled it.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '@parley/protocol'
import { appendMessage, initChat } from '@parley/chat-model'
import type { Directory, User } from '../accounts/accounts.ts'
import { createLogger } from '../log.ts'
import { createChatIndexing } from './chat-indexing.ts'
import { createChatPolicy } from './chat-policy.ts'
import { TestPeer, room } from './doc-room-fixture.ts'
import type { DocRoom } from './doc-room.ts'
import { updateFrame } from './frames.ts'

const NOW = Date.now()
const people: Record<string, User> = {
  alice: { id: 'alice', orgId: 'acme', name: 'Alice', email: 'a@acme.test' },
  bob: { id: 'bob', orgId: 'acme', name: 'Bob', email: 'b@acme.test' },
}
const directory: Directory = { userById: async (id) => people[id] ?? null, usersInOrg: async () => Object.values(people) }

/** Alice writes a message into her copy of the chat and sends the room what it added. */
function send(docRoom: DocRoom, alice: TestPeer, doc: Y.Doc, text: string, at = NOW) {
  const before = Y.encodeStateVector(doc)
  appendMessage(doc, { id: text, author: 'alice', text, at })
  docRoom.receive(alice, updateFrame(Y.encodeStateAsUpdate(doc, before)))
}

function indexedRoom(epochMessages = 500, onSealed?: (chatId: string, epoch: number) => void) {
  const r = room({ policy: createChatPolicy({ chatId: 'chat1', directory, maxClockSkewMs: 60_000 }) })
  let owed = 0
  const indexing = createChatIndexing({
    chats: { get: async () => null, listForUser: async () => [], epochs: async () => [] },
    pendingRows: { waiting: async () => [], settle: async () => {} },
    directory,
    log: createLogger('silent'),
    epochMessages,
    afterCommit: (fn) => r.committer.afterCommit(fn),
    index: (writes) => r.committer.index(writes),
    owe: () => owed++,
    ...(onSealed ? { onSealed } : {}),
  })
  return { ...r, indexing, owed: () => owed, attached: indexing.attachChat(r.docRoom, 'chat1') }
}

const creation = (clientID: number) => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  initChat(doc, { id: 'chat1', members: ['alice', 'bob'], createdBy: 'alice', createdAt: NOW })
  return { doc, update: Y.encodeStateAsUpdate(doc) }
}

describe('chat indexing', () => {
  it('closes non-members when the chat arrives from another relay process', async () => {
    const { docRoom, release, attached } = indexedRoom()
    await attached
    const alice = new TestPeer('alice')
    const eve = new TestPeer('eve')
    docRoom.join(alice)
    docRoom.join(eve)
    docRoom.receiveBusUpdate(creation(1).update)
    await release()
    expect(eve.closed).toBe(CloseCode.forbidden)
    expect(alice.closed).toBeNull()
  })

  it('writes the last message time and the members’ waiting rows into the next commit', async () => {
    const { docRoom, indexed, release, attached, indexing } = indexedRoom()
    await attached
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const { doc, update } = creation(1)
    docRoom.receive(alice, updateFrame(update))
    await release()
    indexing.collect()
    await release()
    send(docRoom, alice, doc, 'hello')
    await release()
    indexing.collect()
    await release()
    const touched = indexed.flatMap((writes) => writes.touched)
    const waiting = indexed.flatMap((writes) => writes.waiting)
    expect(touched).toContainEqual(['chat1', NOW])
    expect(waiting.filter((w) => w.row.messageCount === 1).map((w) => w.userId).sort()).toEqual(['alice', 'bob'])
    // A chat of one epoch costs no stats row, and its rows carry no head.
    expect(indexed.flatMap((writes) => writes.epochs)).toEqual([])
    expect(waiting.every((w) => !('head' in w.row))).toBe(true)
  })

  it('seals the head in the commit of the update that fills it, with its stats, once', async () => {
    const told: Array<[string, number, number]> = []
    const r = indexedRoom(3, (chatId, epoch) => told.push([chatId, epoch, commits.length]))
    await r.attached
    // Each commit as the store gets it: its documents' texts and its seals.
    const commits: Array<{ texts: string[]; sealed: unknown[]; epochs: unknown[] }> = []
    const commit = r.store.commit
    const storedDoc = new Y.Doc()
    const storedTexts = () => storedDoc.getArray<{ text: string }>('messages').toArray().map((m) => m.text)
    r.store.commit = (writes, index) => {
      const before = storedTexts().length
      for (const w of writes) Y.applyUpdate(storedDoc, w.update)
      commits.push({ texts: storedTexts().slice(before), sealed: [...(index?.sealed ?? [])], epochs: [...(index?.epochs ?? [])] })
      return commit(writes, index)
    }
    const alice = new TestPeer('alice')
    r.docRoom.join(alice)
    const { doc, update } = creation(1)
    r.docRoom.receive(alice, updateFrame(update))
    for (const text of ['m1', 'm2', 'm3', 'm4']) {
      send(r.docRoom, alice, doc, text)
      await r.release()
    }
    r.indexing.collect()
    for (let i = 0; i < 4; i++) await r.release()
    // Told once, after the seal's commit (the first with a seal) is stored.
    const sealing = commits.findIndex((c) => c.sealed.length) + 1
    expect(told).toEqual([['chat1', 0, expect.any(Number)]])
    expect(told[0]![2]).toBeGreaterThanOrEqual(sealing)
    // With the sealed epoch's stats: whoever reads the new head finds them.
    expect(commits.filter((c) => c.sealed.length)).toEqual([
      { texts: ['m3'], sealed: [['chat1', 1]], epochs: [{ chatId: 'chat1', epoch: 0, messages: 3, byAuthor: { alice: 3 }, lastMessage: { id: 'm3', author: 'alice', text: 'm3', at: NOW } }] },
    ])
    expect(r.indexed.flatMap((writes) => writes.epochs).at(-1)).toMatchObject({ chatId: 'chat1', epoch: 0, messages: 4, byAuthor: { alice: 4 } })
  })

  it('computes a chat’s rows once per collection, from its last stored state, however many turns wrote to it', async () => {
    const { docRoom, indexed, release, attached, indexing, owed } = indexedRoom()
    await attached
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const { doc, update } = creation(1)
    docRoom.receive(alice, updateFrame(update))
    await release()
    for (const text of ['m1', 'm2', 'm3']) {
      send(docRoom, alice, doc, text, NOW + text.length)
      await release()
    }
    await release()
    // Each stored change marked the chat; nothing was computed or written for it yet.
    expect(owed()).toBeGreaterThan(0)
    expect(indexed.flatMap((writes) => writes.waiting)).toEqual([])
    expect(indexed.flatMap((writes) => writes.touched)).toEqual([])

    // A slice of no chats leaves it owed.
    expect(indexing.owedChats()).toBe(1)
    indexing.collect(0)
    expect(indexing.owedChats()).toBe(1)
    await release()
    expect(indexed.flatMap((writes) => writes.waiting)).toEqual([])

    indexing.collect(1)
    expect(indexing.owedChats()).toBe(0)
    await release()
    await release()
    const waiting = indexed.flatMap((writes) => writes.waiting)
    expect(waiting.map((w) => [w.userId, w.row.messageCount, w.row.lastMessage?.text])).toEqual([
      ['alice', 3, 'm3'],
      ['bob', 3, 'm3'],
    ])
    expect(indexed.flatMap((writes) => writes.touched)).toEqual([['chat1', NOW + 2]])

    // Collected once: a second collection with nothing new writes nothing.
    indexing.collect()
    expect(indexing.owedChats()).toBe(0)
    await release()
    await release()
    expect(indexed.flatMap((writes) => writes.waiting)).toHaveLength(2)
  })

  it('collects an owed chat as its room leaves cleanly, and not a room thrown away after a failed commit', async () => {
    for (const [code, rows] of [
      [CloseCode.goingAway, 2],
      [CloseCode.reload, 0],
    ] as const) {
      const { docRoom, indexed, release, attached } = indexedRoom()
      await attached
      const alice = new TestPeer('alice')
      docRoom.join(alice)
      const { doc } = creation(1)
      appendMessage(doc, { id: 'm1', author: 'alice', text: 'm1', at: NOW })
      docRoom.receive(alice, updateFrame(Y.encodeStateAsUpdate(doc)))
      await release()
      await release()
      expect(alice.acks() + alice.frames.length).toBeGreaterThan(0)
      docRoom.destroy(code, 'leaving')
      await release()
      expect(indexed.flatMap((writes) => writes.waiting).filter((w) => w.row.messageCount === 1)).toHaveLength(rows)
    }
  })
})
