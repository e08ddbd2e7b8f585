// What each kind of peer gets from a room's awareness: stock peers every renewal, compact peers
// only news, a keepalive for their own unchanged renewals, and the removal of someone who stopped
// renewing (the relay's 30 s timeout), which is how they learn of it.

import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { readFrame } from '@parley/protocol'
import { KEEPALIVE_FRAME, RoomAwareness, awarenessFrameFor } from './room-awareness.ts'
import type { Peer } from './peer.ts'

// Before any import: lib0 reads the clock through `Date.now` as it was when it loaded.
vi.hoisted(() => vi.useFakeTimers())

interface Received {
  client: number
  clock: number
  state: unknown
}

function peer(id: number, userId: string, compactAwareness: boolean) {
  const got: Received[][] = []
  const p: Peer = {
    id,
    userId,
    wantsAck: false,
    compactAwareness,
    send(frame) {
      const read = readFrame(frame)
      if (read.type !== 'awareness') return
      const decoder = decoding.createDecoder(read.payload)
      const entries: Received[] = []
      for (let n = decoding.readVarUint(decoder); n > 0; n--) {
        const client = decoding.readVarUint(decoder)
        const clock = decoding.readVarUint(decoder)
        entries.push({ client, clock, state: JSON.parse(decoding.readVarString(decoder)) })
      }
      got.push(entries)
    },
    close() {},
  }
  return { p, got }
}

function update(client: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarString(encoder, JSON.stringify(state))
  return encoding.toUint8Array(encoder)
}

function room() {
  const peers: Peer[] = []
  const awareness = new RoomAwareness(new Y.Doc(), {
    limits: { maxStateBytes: 4096, maxIdsPerPeer: 4 },
    graceMs: 0,
    docOwnerOf: () => undefined,
    onChange: (change) => {
      for (const p of peers) {
        const frame = awarenessFrameFor(p, change)
        if (frame) p.send(frame)
      }
    },
  })
  const add = (p: Peer) => {
    peers.push(p)
    awareness.join(p)
  }
  return { awareness, add }
}

describe('RoomAwareness', () => {
  it('sends a stock peer every renewal and a compact peer only news, with a keepalive for its own renewal', () => {
    const { awareness, add } = room()
    const stock = peer(1, 'bob', false)
    const compact = peer(2, 'alice', true)
    add(stock.p)
    add(compact.p)
    const bob = { user: { id: 'bob' } }
    const alice = { user: { id: 'alice' } }
    expect(awareness.receive(stock.p, update(10, 1, bob))).toBeNull()
    expect(awareness.receive(compact.p, update(20, 1, alice))).toBeNull()
    expect(compact.got.flat()).toEqual([
      { client: 10, clock: 1, state: bob },
      { client: 20, clock: 1, state: alice },
    ])

    // Renewals: Bob's reaches the stock peer only; Alice's own gets her a keepalive (no entries).
    stock.got.length = 0
    compact.got.length = 0
    awareness.receive(stock.p, update(10, 2, bob))
    awareness.receive(compact.p, update(20, 2, alice))
    expect(stock.got.flat().map((e) => [e.client, e.clock])).toEqual([
      [10, 2],
      [20, 2],
    ])
    expect(compact.got).toEqual([[]])

    // A change reaches both.
    awareness.receive(stock.p, update(10, 3, { ...bob, status: 'away' }))
    expect(compact.got.at(-1)).toEqual([{ client: 10, clock: 3, state: { ...bob, status: 'away' } }])
    awareness.destroy()
  })

  it('tells a compact peer when the relay times out someone who stopped renewing', () => {
    const { awareness, add } = room()
    const silent = peer(1, 'bob', false)
    const compact = peer(2, 'alice', true)
    add(silent.p)
    add(compact.p)
    awareness.receive(silent.p, update(10, 1, { user: { id: 'bob' } }))
    // Alice keeps renewing every 15 s; Bob's socket stays open but he never renews.
    for (let clock = 1; clock <= 3; clock++) {
      awareness.receive(compact.p, update(20, clock, { user: { id: 'alice' } }))
      vi.advanceTimersByTime(15_000)
    }
    expect(compact.got.flat()).toContainEqual({ client: 10, clock: 1, state: null })
    expect(awareness.awareness.getStates().has(20)).toBe(true)
    awareness.destroy()
  })

  it('holds grace timers and remote ids only while it has some, and keeps each id a peer holds once', () => {
    const awareness = new RoomAwareness(new Y.Doc(), { limits: { maxStateBytes: 4096, maxIdsPerPeer: 4 }, graceMs: 1000, docOwnerOf: () => undefined, onChange() {} })
    // Private on purpose: these are per room (and per peer), and the relay holds thousands.
    const inside = awareness as unknown as { graceTimers: Map<number, unknown> | null; remote: Set<number> | null; controlled: Map<Peer, number[]> }
    const bob = peer(1, 'bob', false)
    awareness.join(bob.p)
    awareness.receive(bob.p, update(10, 1, { user: { id: 'bob' } }))
    awareness.receive(bob.p, update(10, 2, { user: { id: 'bob' } }))
    expect(inside.controlled.get(bob.p)).toEqual([10])
    expect(inside.graceTimers).toBeNull()
    expect(inside.remote).toBeNull()
    expect(awareness.applyRemote(update(30, 1, { user: { id: 'carol' } }))).toBeNull()
    expect(inside.remote).toEqual(new Set([30]))
    awareness.leave(bob.p)
    expect(inside.graceTimers?.size).toBe(1)
    vi.advanceTimersByTime(1000)
    expect(awareness.awareness.getStates().has(10)).toBe(false)
    expect(inside.graceTimers).toBeNull()
    awareness.destroy()
  })

  it('encodes the keepalive as an awareness message of no states', () => {
    expect(readFrame(KEEPALIVE_FRAME)).toEqual({ type: 'awareness', payload: new Uint8Array([0]) })
  })
})
