// The bus between relay processes, on Redis pub/sub: one channel per room (an inbox room's channel
// also carries its inbox hints). Every message starts with the publisher's process id, so a process
// drops its own. Pub/sub delivers at most once: while Redis is away, publishes are dropped (not
// queued) and messages to us are lost, so once both connections are back and every channel is
// subscribed again, `onResumed` tells the relay to catch up from the database, which holds every
// update (durable before visible). Nothing here waits for Redis on the relay's hot path.
//
// A room that subscribes also hears a `resync` of its own once Redis has the subscription: what
// other processes stored between the room's load and that moment reached nobody here. At that
// moment it also asks the others for their clients' awareness (`awareness-request`): the states
// they published before reached nobody here either, and they renew them only every 15 s.

import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { roomOf, type Bus, type BusListener, type BusMessage } from './bus.ts'
import { decodeBusMessage, encodeBusMessage } from './bus-codec.ts'

export interface RedisBusOptions {
  url: string
  /** Problems to log: the first connection error of each outage (not every retry), unreadable messages. */
  onError?(error: Error): void
  /** Publishes sent and not yet answered beyond which new ones are dropped (Redis is slow). */
  maxInFlight?: number
}

export interface RedisBus extends Bus {
  /** Messages dropped because Redis was away or behind (for tests and metrics). */
  readonly dropped: number
  /** Both connections are up and nothing missed is waiting to be caught up. */
  readonly connected: boolean
}

const PREFIX = 'parley:'
const ID_BYTES = 12

export function createRedisBus(options: RedisBusOptions): RedisBus {
  const processId = randomBytes(ID_BYTES)
  const maxInFlight = options.maxInFlight ?? 10_000
  const onError = (error: Error) => options.onError?.(error)
  // A subscriber connection can only listen; publishing needs one of its own. The publisher keeps
  // no offline queue and resends nothing: a message that cannot go now is dropped.
  const pub = new Redis(options.url, { enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 })
  // Resubscribing is done here (not by ioredis) so that `onResumed` comes after it.
  const sub = new Redis(options.url, { autoResubscribe: false, maxRetriesPerRequest: null })
  const listeners = new Map<string, Set<BusListener>>()
  const resumedListeners = new Set<() => void>()
  let inFlight = 0
  let dropped = 0
  let lost = false
  let resuming = false
  let closed = false
  let outageReported = false

  const deliver = (room: string, message: Parameters<BusListener>[0]) => {
    for (const listener of [...(listeners.get(room) ?? [])]) {
      try {
        listener(message)
      } catch (error) {
        onError(error as Error)
      }
    }
  }

  const resume = () => {
    if (!lost || resuming || closed || pub.status !== 'ready' || sub.status !== 'ready') return
    resuming = true
    const channels = [...listeners.keys()].map((room) => PREFIX + room)
    ;(channels.length ? sub.subscribe(...channels) : Promise.resolve(0))
      .then(() => {
        lost = false
        outageReported = false
        for (const listener of [...resumedListeners]) listener()
      })
      // The connection dropped again: its next 'ready' resumes.
      .catch(onError)
      .finally(() => (resuming = false))
  }

  for (const connection of [pub, sub]) {
    connection.on('error', (error: Error) => {
      // ioredis reports every failed reconnection attempt; one line per outage says enough.
      if (outageReported) return
      outageReported = true
      onError(error)
    })
    connection.on('close', () => {
      if (!closed) lost = true
    })
    connection.on('ready', resume)
  }
  sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
    if (payload.length < ID_BYTES || processId.equals(payload.subarray(0, ID_BYTES))) return
    let message
    try {
      message = decodeBusMessage(new Uint8Array(payload.buffer, payload.byteOffset + ID_BYTES, payload.length - ID_BYTES))
    } catch (error) {
      onError(error as Error)
      return
    }
    const room = roomOf(message)
    if (channel.toString() !== PREFIX + room) return onError(new Error(`a bus message for ${room} came on ${channel.toString()}`))
    deliver(room, message)
  })

  const publish = (message: BusMessage): void => {
    if (closed || pub.status !== 'ready' || inFlight >= maxInFlight) {
      dropped++
      return
    }
    // Fire and forget: the update is stored already; a process that misses it catches up.
    try {
      const sent = pub.publish(PREFIX + roomOf(message), Buffer.concat([processId, encodeBusMessage(message)]))
      inFlight++
      sent.catch(onError).finally(() => inFlight--)
    } catch (error) {
      dropped++
      onError(error as Error)
    }
  }

  return {
    shared: true,
    get dropped() {
      return dropped
    },
    get connected() {
      return !lost && pub.status === 'ready' && sub.status === 'ready'
    },
    publish,
    subscribe(room, listener) {
      let set = listeners.get(room)
      if (!set) {
        set = new Set()
        listeners.set(room, set)
        sub
          .subscribe(PREFIX + room)
          .then(() => {
            deliver(room, { kind: 'resync', room })
            publish({ kind: 'awareness-request', room })
          })
          .catch(onError)
      }
      set.add(listener)
      return () => {
        const current = listeners.get(room)
        if (!current?.delete(listener) || current.size > 0) return
        listeners.delete(room)
        if (!closed) sub.unsubscribe(PREFIX + room).catch(onError)
      }
    },
    onResumed(listener) {
      resumedListeners.add(listener)
      return () => resumedListeners.delete(listener)
    },
    async close() {
      closed = true
      sub.disconnect()
      pub.disconnect()
    },
  }
}
