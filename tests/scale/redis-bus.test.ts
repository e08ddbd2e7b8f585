// The Redis bus between relay processes, on a real Redis server: every kind of message reaches the
// other processes listening to its room and never echoes to its publisher, a room hears a resync of
// its own once Redis has its subscription (and asks the others for their awareness), unsubscribing
// stops it, publishes while Redis is away are dropped without throwing or piling up, and after
// Redis restarts each process is told to catch up (once every channel is subscribed again) and
// hears its rooms again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BusMessage } from '../../sync-server/src/relay/bus.ts'
import { createRedisBus, type RedisBus } from '../../sync-server/src/relay/redis-bus.ts'
import { startRedis, type Service } from '../support/services.ts'
import { waitFor } from '../support/wait.ts'

let redis: Service
const buses: RedisBus[] = []
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  for (const bus of buses) await bus.close()
  await redis.remove()
})

const open = () => {
  const bus = createRedisBus({ url: redis.url })
  buses.push(bus)
  return bus
}

/** Subscribes and resolves once Redis has the subscription (the bus's own resync says so). */
async function listen(bus: RedisBus, room: string): Promise<BusMessage[]> {
  const got: BusMessage[] = []
  bus.subscribe(room, (message) => got.push(message))
  await waitFor(() => got.some((m) => m.kind === 'resync'), `the subscription to ${room}`)
  got.length = 0
  return got
}

const marker = (n: number): BusMessage => ({ kind: 'update', room: 'chat/marker', update: new Uint8Array([n]) })

describe('Redis bus', () => {
  it('passes every kind of message to the other processes of its room, never back to its publisher', async () => {
    const a = open()
    const b = open()
    const atA = await listen(a, 'inbox/u1')
    const atB = await listen(b, 'inbox/u1')
    // B, listening after A, asked A for its clients' awareness once its subscription was live.
    await waitFor(() => atA.length > 0, 'A to hear B ask for awareness')
    expect(atA.splice(0)).toEqual([{ kind: 'awareness-request', room: 'inbox/u1' }])
    const elsewhere = await listen(b, 'inbox/u2')
    const sent: BusMessage[] = [
      { kind: 'update', room: 'inbox/u1', update: new Uint8Array([1, 2, 3]), bind: [[42, 'u1']] },
      { kind: 'awareness', room: 'inbox/u1', update: new Uint8Array([4, 5]) },
      { kind: 'inbox-hint', userId: 'u1' },
      { kind: 'resync', room: 'inbox/u1' },
    ]
    for (const message of sent) a.publish(message)
    await waitFor(() => atB.length === sent.length, 'all four messages at B')
    expect(atB).toEqual(sent)
    expect(atA).toEqual([])
    expect(elsewhere).toEqual([])
  })

  it('stops passing messages once the last listener of a room leaves', async () => {
    const a = open()
    const b = open()
    const got: BusMessage[] = []
    const stop = b.subscribe('chat/two', (m) => got.push(m))
    await waitFor(() => got.length > 0, 'the subscription')
    stop()
    const marks = await listen(b, 'chat/marker')
    a.publish({ kind: 'resync', room: 'chat/two' })
    // Redis delivers one publisher's messages in order: once the marker is in, the other is too.
    a.publish(marker(7))
    await waitFor(() => marks.length > 0, 'the marker to arrive')
    expect(got).toEqual([{ kind: 'resync', room: 'chat/two' }])
  })

  it('drops what is published while Redis is away, without throwing, and asks to catch up once back', { timeout: 60_000 }, async () => {
    const a = open()
    const b = open()
    let resumedA = 0
    let resumedB = 0
    a.onResumed(() => resumedA++)
    b.onResumed(() => resumedB++)
    const got = await listen(b, 'chat/three')
    a.publish({ kind: 'resync', room: 'chat/three' })
    await waitFor(() => got.length === 1, 'B to hear the room')

    await redis.stop()
    const droppedBefore = a.dropped
    await waitFor(() => {
      a.publish({ kind: 'update', room: 'chat/three', update: new Uint8Array([0]) })
      return a.dropped > droppedBefore
    }, 'A to see Redis gone')
    for (let i = 0; i < 50_000; i++) a.publish({ kind: 'update', room: 'chat/three', update: new Uint8Array(100).fill(1) })
    expect(a.dropped - droppedBefore).toBeGreaterThanOrEqual(50_000)
    expect(resumedA + resumedB).toBe(0)

    await redis.start()
    await waitFor(() => resumedA > 0 && resumedB > 0, 'both processes to be told to catch up', 30_000)
    // onResumed comes after B has subscribed again: a message sent now reaches it.
    a.publish({ kind: 'update', room: 'chat/three', update: new Uint8Array([2]) })
    await waitFor(() => got.some((m) => m.kind === 'update' && m.update[0] === 2), 'B to hear the room again')
    expect(got.filter((m) => m.kind === 'update' && m.update[0] !== 2)).toEqual([])
    expect(resumedB).toBe(1)
  })
})
