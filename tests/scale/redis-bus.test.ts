// The Redis bus between relay processes, on a real Redis server: updates reach the other
// processes of a room and never echo to their publisher, unsubscribing stops them, and after
// Redis restarts each process is told to catch up and is subscribed again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

const open = (onResumed?: () => void) => {
  const bus = createRedisBus({ url: redis.url, ...(onResumed ? { onResumed } : {}) })
  buses.push(bus)
  return bus
}

describe('Redis bus', () => {
  it('passes an update to the other processes of the room, not back to its publisher', async () => {
    const a = open()
    const b = open()
    const atA: Uint8Array[] = []
    const atB: Uint8Array[] = []
    a.subscribe('chat/one', (u) => atA.push(u))
    b.subscribe('chat/one', (u) => atB.push(u))
    b.subscribe('chat/other', () => expect.fail('another room'))
    // A subscription takes effect once Redis has it: publish until the first one arrives.
    await waitFor(() => {
      a.publish('chat/one', new Uint8Array([1, 2, 3]))
      return atB.length > 0
    }, 'the first update to reach B')
    expect([...atB[0]!]).toEqual([1, 2, 3])
    expect(atA).toEqual([])
  })

  it('stops passing updates once the last listener of a room leaves', async () => {
    const a = open()
    const b = open()
    const got: number[] = []
    const stop = b.subscribe('chat/two', (u) => got.push(u[0]!))
    await waitFor(() => {
      a.publish('chat/two', new Uint8Array([1]))
      return got.length > 0
    }, 'B to hear the room')
    stop()
    // A marker room B still listens to: once its message arrives, anything sent before it has too.
    const marks: number[] = []
    b.subscribe('chat/marker', (u) => marks.push(u[0]!))
    await waitFor(() => {
      a.publish('chat/two', new Uint8Array([9]))
      a.publish('chat/marker', new Uint8Array([7]))
      return marks.length > 0
    }, 'the marker to arrive')
    expect(got.includes(9)).toBe(false)
  })

  it('asks each process to catch up after Redis comes back, and delivers again', { timeout: 30_000 }, async () => {
    let resumed = 0
    const a = open()
    const b = open(() => resumed++)
    const got: number[] = []
    b.subscribe('chat/three', (u) => got.push(u[0]!))
    await waitFor(() => {
      a.publish('chat/three', new Uint8Array([1]))
      return got.length > 0
    }, 'B to hear the room')
    await redis.stop()
    await redis.start()
    await waitFor(() => resumed > 0, 'B to be told to catch up', 20_000)
    await waitFor(() => {
      a.publish('chat/three', new Uint8Array([2]))
      return got.includes(2)
    }, 'B to hear the room again', 20_000)
  })
})
