// The hold keeps arrival order across a second wait: what was left when a held frame started a new
// hold is handled before anything that arrived after it. It refuses a peer's frame when full, never
// a bus update.

import { describe, expect, it } from 'vitest'
import { FrameHold, MAX_HELD_FRAMES, type Held } from './frame-hold.ts'
import type { Peer } from './peer.ts'

const peer: Peer = { id: 1, userId: 'alice', wantsAck: false, send: () => {}, close: () => {} }
const frame = (n: number): Held => ({ peer, bytes: new Uint8Array([n]) })
const numbers = (held: Held[]) => held.map((h) => h.bytes[0])

describe('FrameHold', () => {
  it('keeps what is left ahead of later arrivals when a held frame starts another wait', () => {
    const hold = new FrameHold()
    hold.start()
    for (const n of [1, 2, 3]) hold.add(frame(n))
    const handled: Held[] = []
    hold.drain((held) => {
      handled.push(held)
      if (held.bytes[0] === 1) hold.start() // frame 1 needs facts too
    }, () => false)
    expect(numbers(handled)).toEqual([1])
    expect(hold.active).toBe(true)
    hold.add(frame(4))
    const rest: Held[] = []
    hold.drain((held) => rest.push(held), () => false)
    expect(numbers(rest)).toEqual([2, 3, 4])
    expect(hold.active).toBe(false)
  })

  it('refuses a peer’s frame past the bound, but holds a bus update', () => {
    const hold = new FrameHold()
    hold.start()
    for (let i = 0; i < MAX_HELD_FRAMES; i++) expect(hold.add(frame(i % 256))).toBe(true)
    expect(hold.add(frame(0))).toBe(false)
    expect(hold.add({ peer: null, bytes: new Uint8Array([9]) })).toBe(true)
  })
})
