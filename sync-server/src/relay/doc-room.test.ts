// The room's update path, with no sockets and no relay around it: peers are plain objects, the
// store keeps writes in memory and holds each commit open until the test releases it, and the
// policy refuses one marked value. What it shows: nothing is passed on or acknowledged before it
// is stored; a refused update is never applied, stored or passed on, and the room carries on for
// everyone else; an update that depends on what the room lacks is refused whole; awareness is
// bounded and cannot be spoken for someone else.

import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode, MessageType } from '@parley/protocol'
import { createLogger } from '../log.ts'
import type { DocStore, DocWrite } from '../storage/doc-store.ts'
import { createLocalBus } from './bus.ts'
import { createCommitter } from './committer.ts'
import { DocRoom } from './doc-room.ts'
import { RoomError } from './room-error.ts'
import { awarenessFrame as encodeAwareness, updateFrame } from './frames.ts'
import type { Peer } from './peer.ts'
import { OK, refuse, type RoomPolicy } from './policy.ts'
import { createQuotas } from './quotas.ts'
import * as awarenessProtocol from 'y-protocols/awareness'

/** An in-memory store whose commits wait until `release()`. */
function heldStore() {
  const stored: DocWrite[] = []
  const waiting: Array<() => void> = []
  const store: DocStore = {
    load: async () => ({ updates: [], seqs: [], clients: new Map() }),
    commit: (writes) =>
      new Promise<number[]>((resolve) =>
        waiting.push(() => {
          stored.push(...writes)
          resolve(writes.map((_, i) => stored.length - writes.length + i))
        }),
      ),
    compact: async () => 0,
    countUpdates: async () => stored.length,
    loadSince: async () => ({ updates: [], seqs: [], clients: new Map() }),
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve))
  /** Lets the committer start what is queued (it commits on the next turn), then completes it. */
  const release = async () => {
    await turn()
    for (const fn of waiting.splice(0)) fn()
    await turn()
  }
  return { store, stored, release }
}

/** Refuses any inserted value with `text: 'refuse me'`. */
const policy: RoomPolicy = {
  acceptsUpdates: true,
  judge: (change) =>
    change.inserts.some((insert) => insert.values?.some((v) => (v as { text?: string }).text === 'refuse me')) ? refuse('marked value') : OK,
}

class TestPeer implements Peer {
  static next = 1
  readonly id = TestPeer.next++
  readonly frames: Uint8Array[] = []
  closed: number | null = null
  constructor(
    readonly userId: string,
    readonly wantsAck = false,
  ) {}
  send(frame: Uint8Array) {
    this.frames.push(frame)
  }
  close(code: number) {
    this.closed = code
  }
  /** Document updates this peer was sent (sync step 2 and update frames). */
  updates(): Uint8Array[] {
    return this.frames.flatMap((frame) => {
      const d = decoding.createDecoder(frame)
      if (decoding.readVarUint(d) !== MessageType.sync || decoding.readVarUint(d) === 0) return []
      return [decoding.readVarUint8Array(d)]
    })
  }
  acks(): number {
    return this.frames.filter((frame) => decoding.readVarUint(decoding.createDecoder(frame)) === MessageType.ack).length
  }
}

function room(options: { maxDocBytes?: number } = {}) {
  const held = heldStore()
  const committer = createCommitter(held.store, { onError: (error) => expect.fail(String(error)) })
  let poisoned = false
  let bytes = 0
  const docRoom = new DocRoom(
    {
      name: 'chat/room-test',
      policy,
      committer,
      bus: createLocalBus(),
      log: createLogger('silent'),
      quotas: createQuotas({ bytesPerMinute: 1 << 30, chatsPerHour: 100 }),
      limits: { maxDocBytes: options.maxDocBytes ?? 1 << 30, awareness: { maxStateBytes: 512, maxIdsPerPeer: 2 } },
      storedBytes: () => bytes,
      onWrite: (n) => (bytes += n),
      clock: Date.now,
      awarenessGraceMs: 0,
      onPoisoned: () => (poisoned = true),
      onEmpty: () => {},
    },
    { updates: [], seqs: [], clients: new Map() },
  )
  return { docRoom, ...held, isPoisoned: () => poisoned }
}

/** A client document writing as `clientID`, whose updates the test sends by hand. */
function writer(clientID: number) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const say = (text: string) => {
    doc.getArray('messages').push([{ text }])
    return updates.at(-1)!
  }
  return { doc, say }
}

const textsOf = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text)

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

  it('refuses an update that refers to items the room does not have, whole, leaving nothing pending', () => {
    const { docRoom } = room()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const a = writer(1)
    a.say('one')
    const second = a.say('two') // depends on 'one', which the room never got
    expect(() => docRoom.receive(alice, updateFrame(second))).toThrow(expect.objectContaining({ code: CloseCode.forbidden }))
    expect(docRoom.doc.store.pendingStructs).toBeNull()
    expect(textsOf(docRoom.doc)).toEqual([])
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
    expect(() => docRoom.receive(bob, updateFrame(a.say('forged')))).toThrow(RoomError)
    expect(textsOf(docRoom.doc)).toEqual(['mine'])
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
