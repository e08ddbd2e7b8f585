// Fan-out between relay processes through Redis pub/sub: each room is a channel, and a process
// publishes every update it has stored there (the publisher is told nothing back: its own
// messages are recognized by a process id and dropped). Pub/sub delivers at most once, so a
// process that lost Redis for a while has missed messages: when its subscriber connection is
// ready again, `onResumed` tells the caller to catch up from the database, which holds every
// update (durable before visible). Nothing here waits for Redis on the relay's hot path.

import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Bus, BusListener } from './bus.ts'

export interface RedisBusOptions {
  url: string
  /** Called when the subscriber is back after losing Redis: catch up from the database now. */
  onResumed?(): void
  onError?(error: Error): void
}

export interface RedisBus extends Bus {
  close(): Promise<void>
}

const PREFIX = 'parley:room:'
const ID_BYTES = 12

export function createRedisBus(options: RedisBusOptions): RedisBus {
  const processId = randomBytes(ID_BYTES)
  // A subscriber connection can only listen; publishing needs one of its own.
  const pub = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 1 })
  const sub = new Redis(options.url, { lazyConnect: false })
  const listeners = new Map<string, Set<BusListener>>()
  let everReady = false
  let lost = false

  for (const connection of [pub, sub]) connection.on('error', (error: Error) => options.onError?.(error))
  sub.on('close', () => {
    if (everReady) lost = true
  })
  sub.on('ready', () => {
    // ioredis subscribes again to every channel on its own when it reconnects.
    if (lost) options.onResumed?.()
    everReady = true
    lost = false
  })
  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    if (message.length < ID_BYTES || processId.equals(message.subarray(0, ID_BYTES))) return
    const room = channel.toString().slice(PREFIX.length)
    const update = new Uint8Array(message.buffer, message.byteOffset + ID_BYTES, message.length - ID_BYTES)
    for (const listener of listeners.get(room) ?? []) listener(update)
  })

  return {
    publish(room, update) {
      // Fire and forget: the update is stored already; a process that misses it catches up.
      pub.publish(PREFIX + room, Buffer.concat([processId, update])).catch((error: Error) => options.onError?.(error))
    },
    subscribe(room, listener) {
      let set = listeners.get(room)
      if (!set) {
        set = new Set()
        listeners.set(room, set)
        sub.subscribe(PREFIX + room).catch((error: Error) => options.onError?.(error))
      }
      set.add(listener)
      return () => {
        const current = listeners.get(room)
        if (!current?.delete(listener) || current.size > 0) return
        listeners.delete(room)
        sub.unsubscribe(PREFIX + room).catch((error: Error) => options.onError?.(error))
      }
    },
    async close() {
      sub.disconnect()
      pub.disconnect()
    },
  }
}
