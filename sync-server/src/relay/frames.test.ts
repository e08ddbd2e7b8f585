// The room's hand-made sync frames are byte for byte what @parley/protocol's encoders write, at
// every length of the varUint that carries the payload's size.

import { describe, expect, it } from 'vitest'
import { encodeSyncStep2, encodeUpdate } from '@parley/protocol'
import { syncStep2UpdateFrame, updateFrame } from './frames.ts'

const payload = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31) & 0xff)

describe('relay frames', () => {
  it.each([0, 1, 127, 128, 300, 16_383, 16_384, 70_000, 2_097_152])('writes a %i-byte update as encodeUpdate does', (length) => {
    const update = payload(length)
    expect(Buffer.from(updateFrame(update)).equals(Buffer.from(encodeUpdate(update)))).toBe(true)
    expect(Buffer.from(syncStep2UpdateFrame(update)).equals(Buffer.from(encodeSyncStep2(update)))).toBe(true)
  })

  it('gives a whole-document frame a buffer of its own, not a slice of a shared one', () => {
    const frame = syncStep2UpdateFrame(payload(10))
    expect(frame.byteOffset).toBe(0)
    expect(frame.buffer.byteLength).toBe(frame.byteLength)
  })
})
