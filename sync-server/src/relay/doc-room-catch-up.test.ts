// An update that comes ahead of what the room has: a client's offline writes it has not sent yet
// (a stock client writes the moment its socket opens, before its sync step 2), or another person's
// items another relay stored and the bus has not brought yet. The room catches up from the store,
// then applies the update, or drops it and asks the sender for its state; it never keeps anything
// pending, refuses a sync step 2 that still lacks something, and closes a connection that keeps
// doing it.

import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode, MessageType, SyncStep, encodeSyncStep2 } from '@parley/protocol'
import { MAX_CATCH_UPS } from './catch-ups.ts'
import { TestPeer, room, textsOf, writer } from './doc-room-fixture.ts'
import { OK, refuse, type RoomPolicy } from './policy.ts'
import { updateFrame } from './frames.ts'

/** The state vectors of the sync step 1 frames a peer was sent. */
const step1s = (peer: TestPeer): Uint8Array[] =>
  peer.frames.flatMap((frame) => {
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) !== MessageType.sync || decoding.readVarUint(d) !== SyncStep.step1) return []
    return [decoding.readVarUint8Array(d)]
  })

/** What a stock client answers to the room's latest sync step 1. */
const step2For = (peer: TestPeer, doc: Y.Doc) => encodeSyncStep2(Y.encodeStateAsUpdate(doc, step1s(peer).at(-1)!))

describe('DocRoom: an update ahead of what the room has', () => {
  it('drops a write that follows offline writes not sent yet, asks for the state, and applies both from the sync step 2', async () => {
    const { docRoom, stored, release } = room()
    const alice = new TestPeer('alice')
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    await release()
    const a = writer(1)
    a.say('written offline')
    docRoom.receive(alice, updateFrame(a.say('written the moment the socket opens')))
    // Held behind the catch-up, then handled in order.
    docRoom.receive(bob, updateFrame(writer(2).say('from Bob')))
    await release()
    expect(alice.closed).toBeNull()
    expect(step1s(alice)).toHaveLength(2) // the join's, and the one asking for what the room lacks
    expect(docRoom.doc.store.pendingStructs).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual(['from Bob'])

    docRoom.receive(alice, step2For(alice, a.doc))
    await release()
    await release() // Bob's commit was still open
    expect(alice.closed).toBeNull()
    expect(textsOf(docRoom.doc).sort()).toEqual(['from Bob', 'written offline', 'written the moment the socket opens'])
    expect(stored.map((w) => w.bind)).toEqual([[[2, 'bob']], [[1, 'alice']]])
  })

  it('drops further updates while its sync step 2 is awaited, without reading the store again', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const a = writer(1)
    a.say('offline')
    docRoom.receive(alice, updateFrame(a.say('one')))
    await release()
    docRoom.receive(alice, updateFrame(a.say('two')))
    await release()
    expect(step1s(alice)).toHaveLength(2)
    docRoom.receive(alice, step2For(alice, a.doc))
    await release()
    expect(textsOf(docRoom.doc)).toEqual(['offline', 'one', 'two'])
    expect(alice.closed).toBeNull()
  })

  it('catches up from the store what another relay stored, then judges and applies the update at once', async () => {
    const { docRoom, stored, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    await release()
    // Carol wrote through another relay: stored, not yet here.
    const c = writer(3)
    stored.push({ room: docRoom.name, update: c.say('from Carol, elsewhere'), bind: [[3, 'carol']] })
    const a = writer(1)
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(c.doc))
    docRoom.receive(alice, updateFrame(a.say('reply to Carol')))
    await release() // the catch-up, then the update is queued
    await release()
    expect(alice.closed).toBeNull()
    expect(step1s(alice)).toHaveLength(1) // only the join's: nothing was missing any more
    expect(textsOf(docRoom.doc)).toEqual(['from Carol, elsewhere', 'reply to Carol'])
    expect(stored.at(-1)!.bind).toEqual([[1, 'alice']])
  })

  it('accepts a sync step 2 that repeats another person’s items the store has and the room had not heard of', async () => {
    const { docRoom, stored, release } = room()
    const bob = new TestPeer('bob')
    docRoom.join(bob)
    await release()
    const c = writer(3)
    stored.push({ room: docRoom.name, update: c.say('from Carol, elsewhere'), bind: [[3, 'carol']] })
    const b = writer(2)
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(c.doc))
    b.say('from Bob')
    docRoom.receive(bob, step2For(bob, b.doc))
    await release()
    expect(bob.closed).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual(['from Carol, elsewhere', 'from Bob'])
  })

  it('holds a client’s frame behind a bus update that lacks what a lost bus message carried, until the store caught the room up', async () => {
    const { docRoom, stored, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    await release()
    // Carol wrote twice through another relay; the first publish never arrived here.
    const c = writer(3)
    stored.push({ room: docRoom.name, update: c.say('Carol, lost on the bus'), bind: [[3, 'carol']] })
    const second = c.say('Carol, arrived')
    stored.push({ room: docRoom.name, update: second })
    docRoom.receiveBusUpdate(second)
    // In the same turn, before the store answered: an innocent write of Alice's.
    docRoom.receive(alice, updateFrame(writer(1).say('from Alice')))
    await release()
    await release()
    expect(alice.closed).toBeNull()
    expect(docRoom.doc.store.pendingStructs).toBeNull()
    expect(textsOf(docRoom.doc).sort()).toEqual(['Carol, arrived', 'Carol, lost on the bus', 'from Alice'])
  })

  it('judges again, after reading the store, an update refused for items under an id the room had never seen', async () => {
    // Each text starts with its author: an item under someone else's client id is refused.
    const byOwner: RoomPolicy = {
      acceptsUpdates: true,
      judge: (change, ctx) =>
        change.inserts.every((insert) => insert.values?.every((v) => (v as { text: string }).text.startsWith(`${ctx.ownerOf(insert.client)}:`)))
          ? OK
          : refuse('written by someone else'),
    }
    const { docRoom, stored, release } = room({ policy: byOwner })
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    await release()
    // Bob's first message went through another relay: stored with his binding, not yet here. It
    // depends on nothing, so Alice's update that carries it reads as complete.
    const b = writer(2)
    stored.push({ room: docRoom.name, update: b.say('bob: through the other relay'), bind: [[2, 'bob']] })
    const a = writer(1)
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc))
    a.say('alice: my answer')
    docRoom.receive(alice, step2For(alice, a.doc))
    await release()
    await release()
    expect(alice.closed).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual(['bob: through the other relay', 'alice: my answer'])
    expect(stored.at(-1)!.bind).toEqual([[1, 'alice']])
  })

  it('still refuses, after reading the store, items under a new id that break the rules', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    await release()
    docRoom.receive(alice, updateFrame(writer(1).say('refuse me')))
    await release()
    expect(alice.closed).toBe(CloseCode.forbidden)
    expect(textsOf(docRoom.doc)).toEqual([])
  })

  it('refuses a sync step 2 that still lacks what it needs, leaving nothing pending', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const a = writer(1)
    a.say('never sent')
    const gapped = a.say('second')
    docRoom.receive(alice, updateFrame(gapped))
    await release()
    docRoom.receive(alice, encodeSyncStep2(gapped))
    await release()
    expect(alice.closed).toBe(CloseCode.forbidden)
    expect(docRoom.doc.store.pendingStructs).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual([])
  })

  it('refuses an update that refers to another person’s items the store does not have either', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    const carol = new TestPeer('carol')
    docRoom.join(alice)
    docRoom.join(carol)
    const c = writer(3)
    docRoom.receive(carol, updateFrame(c.say('first from Carol')))
    await release()
    const a = writer(1)
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(c.doc))
    c.say('Carol’s next, never sent')
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(c.doc))
    docRoom.receive(alice, updateFrame(a.say('after Carol’s next')))
    await release()
    expect(alice.closed).toBe(CloseCode.forbidden)
    expect(step1s(alice)).toHaveLength(1)
    expect(textsOf(docRoom.doc)).toEqual(['first from Carol'])
  })

  it(`closes a connection that sends more than ${MAX_CATCH_UPS} updates ahead of the room in a minute`, async () => {
    let now = 1_000_000
    const { docRoom, release } = room({ clock: () => now })
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const gapped = () => {
      const a = writer(1)
      a.say('offline')
      return updateFrame(a.say('ahead'))
    }
    for (let i = 0; i < MAX_CATCH_UPS; i++) {
      docRoom.receive(alice, gapped())
      await release()
      docRoom.receive(alice, encodeSyncStep2(Y.encodeStateAsUpdate(new Y.Doc()))) // answers, with nothing
      await release()
    }
    expect(alice.closed).toBeNull()
    expect(() => docRoom.receive(alice, gapped())).toThrow(expect.objectContaining({ code: CloseCode.overLimit }))
    // A minute later it may again.
    now += 60_000
    docRoom.receive(alice, gapped())
    await release()
    expect(alice.closed).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual([])
  })
})
