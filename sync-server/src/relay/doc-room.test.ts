// The room's update path, with no sockets and no relay around it: peers are plain objects, the
// store keeps writes in memory and holds each commit open until the test releases it, and the
// policy refuses one marked value. What it shows: nothing is passed on or acknowledged before it
// is stored; a refused update is never applied, stored or passed on, and the room carries on for
// everyone else; an update that depends on what the room lacks is refused whole; awareness is
// bounded and cannot be spoken for someone else.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '@parley/protocol'
import * as awarenessProtocol from 'y-protocols/awareness'
import { TestPeer, room, textsOf, writer } from './doc-room-fixture.ts'
import { awarenessFrame as encodeAwareness, syncStep2Frame, updateFrame } from './frames.ts'

describe('DocRoom: one client update', () => {
  it('passes an update on and acknowledges it only once it is stored', async () => {
    const { docRoom, stored, release } = room()
    const alice = new TestPeer('alice', true)
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    await release() // nothing queued: the joins' frames go out at once
    const before = bob.updates().length
    docRoom.receive(alice, updateFrame(writer(1).say('hello')))
    expect(textsOf(docRoom.doc)).toEqual(['hello'])
    expect(bob.updates().length).toBe(before)
    expect(alice.acks()).toBe(1) // the join's ack only
    await release()
    expect(stored.map((w) => w.bind)).toEqual([[[1, 'alice']]])
    expect(bob.updates().length).toBe(before + 1)
    expect(alice.acks()).toBe(2)
  })

  it('never applies, stores or passes on a refused update, and carries on for everyone else', async () => {
    const { docRoom, stored, release, isPoisoned } = room()
    const alice = new TestPeer('alice')
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    const a = writer(1)
    docRoom.receive(alice, updateFrame(a.say('first')))
    await release()
    expect(() => docRoom.receive(alice, updateFrame(a.say('refuse me')))).toThrow(expect.objectContaining({ code: CloseCode.forbidden }))
    expect(textsOf(docRoom.doc)).toEqual(['first'])
    expect(isPoisoned()).toBe(false)
    expect(bob.closed).toBeNull()
    docRoom.receive(bob, updateFrame(writer(2).say('from Bob')))
    await release()
    expect(textsOf(docRoom.doc)).toEqual(['first', 'from Bob'])
    expect(stored).toHaveLength(2)
  })

  it('never applies an update that refers to items the room does not have, and leaves nothing pending', async () => {
    // What happens next (the sender is asked for its state) is doc-room-catch-up.test.ts' business.
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const a = writer(1)
    a.say('one')
    const second = a.say('two') // depends on 'one', which the room never got
    docRoom.receive(alice, updateFrame(second))
    await release()
    expect(docRoom.doc.store.pendingStructs).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual([])
  })

  it('stores and passes on a client update as it was read, and the relay’s own writes as Yjs encodes them', async () => {
    const { docRoom, stored, release } = room()
    const alice = new TestPeer('alice')
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    await release()
    const sent = writer(1).say('hello')
    docRoom.receive(alice, updateFrame(sent))
    // No 'update' listener stays on the document: with one, Yjs would encode every client update again.
    expect(docRoom.doc._observers.has('update')).toBe(false)
    await release()
    expect(stored[0]!.update).toEqual(sent)
    expect(bob.updates().at(-1)).toEqual(sent)

    docRoom.transactAsRelay(() => docRoom.doc.getMap('rows').set('k', 1))
    expect(docRoom.doc._observers.has('update')).toBe(false)
    await release()
    const relayWrite = new Y.Doc()
    Y.applyUpdate(relayWrite, stored[1]!.update)
    expect(relayWrite.getMap('rows').get('k')).toBe(1)
    expect(stored[1]!.bind).toEqual([[docRoom.doc.clientID, '~relay']])
    expect(bob.updates().at(-1)).toEqual(stored[1]!.update)
  })

  it('keeps no catch-up record for peers whose updates never came ahead of the room', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const a = writer(1)
    docRoom.receive(alice, updateFrame(a.say('one')))
    docRoom.receive(alice, syncStep2Frame(a.doc, new Uint8Array([0])))
    await release()
    // Private on purpose; read here because the record is per peer, and rooms hold thousands of peers.
    // No record, and not even the empty map that would hold them (made on a room's first catch-up).
    expect((docRoom as unknown as { catchUps: Map<unknown, unknown> | null }).catchUps).toBeNull()
  })

  it('refuses an update under another person’s client id', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    const bob = new TestPeer('bob')
    docRoom.join(alice)
    docRoom.join(bob)
    const a = writer(1)
    docRoom.receive(alice, updateFrame(a.say('mine')))
    await release()
    // Refused once the room has caught up from the store (another relay may have stored Alice's
    // next items, which a step 2 of Bob's could repeat), not at once.
    docRoom.receive(bob, updateFrame(a.say('forged')))
    await release()
    expect(bob.closed).toBe(CloseCode.forbidden)
    expect(textsOf(docRoom.doc)).toEqual(['mine'])
  })

  it('publishes a stored update to the other relays even when the room was thrown away before its commit', async () => {
    // A BindingConflict in an earlier batch reloads the room while this write's batch still
    // commits: stored, it must reach the other relays, or their replicas lack it for good.
    const { docRoom, stored, published, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    await release()
    docRoom.receive(alice, updateFrame(writer(1).say('stored after all')))
    docRoom.destroy(CloseCode.reload, 'the room is reloading')
    await release()
    expect(stored).toHaveLength(1)
    expect(published.filter((m) => m.kind === 'update')).toHaveLength(1)
  })

  it('acknowledges an update the room already had from another relay, which the sender never heard was stored', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice', true)
    docRoom.join(alice)
    await release()
    const update = writer(1).say('stored through another relay')
    docRoom.receiveBusUpdate(update, [[1, 'alice']])
    docRoom.receive(alice, updateFrame(update))
    await release()
    expect(alice.acks()).toBe(2) // the join's, and this one's
  })

  it('refuses an update that would take the document past its size limit', () => {
    const { docRoom } = room({ maxDocBytes: 200 })
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const a = writer(1)
    docRoom.receive(alice, updateFrame(a.say('short')))
    expect(() => docRoom.receive(alice, updateFrame(a.say('x'.repeat(300))))).toThrow(expect.objectContaining({ code: CloseCode.overLimit }))
    expect(textsOf(docRoom.doc)).toEqual(['short'])
  })
})

describe('DocRoom: awareness', () => {
  const stateFrame = (clientID: number, state: Record<string, unknown>) => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    awareness.clientID = clientID
    awareness.setLocalState(state)
    awareness.setLocalState(state) // clock 1: a receiver ignores clock 0 for an id it has not seen

    return encodeAwareness(awareness, [clientID])
  }

  it('passes on a state that names its sender, and drops one that names somebody else', async () => {
    const { docRoom, release } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    docRoom.receive(alice, stateFrame(11, { user: { id: 'alice' } }))
    docRoom.receive(alice, stateFrame(12, { user: { id: 'bob' } }))
    await release()
    expect([...docRoom.awareness.getStates().keys()]).toEqual([11])
  })

  it('refuses a state over the size limit and a connection claiming too many ids', () => {
    const { docRoom } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    expect(() => docRoom.receive(alice, stateFrame(21, { user: { id: 'alice' }, pad: 'x'.repeat(600) }))).toThrow(
      expect.objectContaining({ code: CloseCode.overLimit }),
    )
    docRoom.receive(alice, stateFrame(22, { user: { id: 'alice' } }))
    docRoom.receive(alice, stateFrame(23, { user: { id: 'alice' } }))
    expect(() => docRoom.receive(alice, stateFrame(24, { user: { id: 'alice' } }))).toThrow(expect.objectContaining({ code: CloseCode.overLimit }))
    expect([...docRoom.awareness.getStates().keys()].sort()).toEqual([22, 23])
  })
})
