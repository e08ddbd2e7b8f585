import { describe, expect, it } from 'vitest'
import type { BusMessage } from './bus.ts'
import { BusCodecError, decodeBusMessage, encodeBusMessage } from './bus-codec.ts'

describe('bus messages on the wire', () => {
  const messages: BusMessage[] = [
    { kind: 'update', room: 'chat/abc', update: new Uint8Array([1, 2, 3]) },
    { kind: 'update', room: 'inbox/u1', update: new Uint8Array([9]), bind: [[4294967295, 'u1'], [7, '~relay']] },
    { kind: 'awareness', room: 'presence/org', update: new Uint8Array([0, 255]) },
    { kind: 'inbox-hint', userId: 'u2' },
    { kind: 'resync', room: 'chat/é' },
    { kind: 'awareness-request', room: 'presence/org' },
  ]

  it('reads back every kind as it was written, in a kind byte and a few more', () => {
    for (const message of messages) expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message)
    expect(encodeBusMessage({ kind: 'resync', room: 'chat/x' }).length).toBe(1 + 1 + 6)
  })

  it('refuses an unknown kind and a message cut short, with a named error', () => {
    expect(() => decodeBusMessage(new Uint8Array([200]))).toThrow(BusCodecError)
    const whole = encodeBusMessage(messages[1]!)
    expect(() => decodeBusMessage(whole.subarray(0, 6))).toThrow(BusCodecError)
    expect(() => decodeBusMessage(new Uint8Array())).toThrow(BusCodecError)
  })
})
