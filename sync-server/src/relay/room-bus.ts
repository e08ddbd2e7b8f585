// How loaded rooms talk to the other relay processes through the bus: updates and awareness from
// elsewhere are applied (and passed on to this relay's clients by the room), a `resync` or an
// update that depends on something missed makes the room catch up from the database, a relay
// that begins listening to the room gets our clients' awareness again, and inbox hints move
// waiting rows into a loaded inbox. When this process gets the bus back after losing
// it, every loaded room catches up and asks the others to do the same. What a room publishes
// itself (stored updates, its clients' awareness) is published by the room.

import type { Room } from '@parley/protocol'
import type { Logger } from '../log.ts'
import type { DocStore } from '../storage/doc-store.ts'
import type { Bus, BusMessage } from './bus.ts'
import type { DocRoom } from './doc-room.ts'

export interface RoomBusOptions {
  bus: Bus
  store: Pick<DocStore, 'loadSince'>
  log: Logger
  /** Rows may wait for this person's loaded inbox in the database: move them in. */
  onInboxHint(userId: string): void
  /**
   * How often every loaded room reads what was stored after its last row, whatever the bus said:
   * a relay that stopped between committing an update and publishing it told nobody. 0: never
   * (one process, nobody else writes).
   */
  catchUpEveryMs: number
}

export interface RoomBus {
  /** Connects a freshly loaded room to the bus until it is destroyed. */
  attach(room: DocRoom, parsed: Room): void
  stop(): void
}

export function createRoomBus(options: RoomBusOptions): RoomBus {
  const { bus, store, log } = options
  const attached = new Map<DocRoom, Room>()
  /** Rooms catching up now; `again` when another catch-up was asked for meanwhile. */
  const catching = new Map<DocRoom, { again: boolean; done: Promise<void> }>()

  /** Reads what the store has after the room's last row; resolves when the room is up to date (or gave up). */
  const catchUp = (room: DocRoom, parsed: Room): Promise<void> => {
    const running = catching.get(room)
    if (running) {
      running.again = true
      return running.done
    }
    const state = { again: true, done: Promise.resolve() }
    catching.set(room, state)
    state.done = (async () => {
      while (state.again && !room.destroyed) {
        state.again = false
        try {
          const stored = await store.loadSince(room.name, room.storedThrough)
          if (!room.catchUp(stored)) break
        } catch (err) {
          log.error({ err, room: room.name }, 'catching a room up from the database failed')
          break
        }
      }
      catching.delete(room)
      // Rows may have waited for this inbox while nothing told us.
      if (parsed.kind === 'inbox' && !room.destroyed) options.onInboxHint(parsed.userId)
    })()
    return state.done
  }

  const publishOwnAwareness = (room: DocRoom): void => {
    for (const update of room.ownAwarenessUpdates()) bus.publish({ kind: 'awareness', room: room.name, update })
  }

  const receive = (room: DocRoom, parsed: Room, message: BusMessage): void => {
    switch (message.kind) {
      case 'update': {
        // An update that lacks something this room missed makes the room catch up by itself.
        try {
          room.receiveBusUpdate(message.update, message.bind)
        } catch (err) {
          log.error({ err, room: room.name }, 'an update from another relay could not be applied; catching up')
          void catchUp(room, parsed)
        }
        return
      }
      case 'awareness': {
        const problem = room.receiveBusAwareness(message.update)
        if (problem) log.warn({ room: room.name, problem }, 'awareness from another relay was dropped')
        return
      }
      case 'resync':
        void catchUp(room, parsed)
        // The asker may have missed our clients' states too.
        publishOwnAwareness(room)
        return
      case 'awareness-request':
        publishOwnAwareness(room)
        return
      case 'inbox-hint':
        if (parsed.kind === 'inbox' && parsed.userId === message.userId) options.onInboxHint(message.userId)
        return
    }
  }

  const stopResumed = bus.onResumed(() => {
    log.info({ rooms: attached.size }, 'the bus is back; catching every loaded room up')
    for (const [room, parsed] of attached) {
      if (room.destroyed) continue
      bus.publish({ kind: 'resync', room: room.name })
      publishOwnAwareness(room)
      void catchUp(room, parsed)
    }
  })

  let sweeping = false
  /** Every room someone has open, one at a time: the sweep must never crowd commits out of the connection pool. */
  const sweepOnce = async () => {
    if (sweeping) return
    sweeping = true
    try {
      for (const [room, parsed] of [...attached]) if (!room.destroyed && room.peers.size > 0) await catchUp(room, parsed)
    } finally {
      sweeping = false
    }
  }
  const sweep = options.catchUpEveryMs > 0 ? setInterval(() => void sweepOnce(), options.catchUpEveryMs) : null
  sweep?.unref()

  return {
    attach(room, parsed) {
      attached.set(room, parsed)
      const unsubscribe = bus.subscribe(room.name, (message) => receive(room, parsed, message))
      room.onDestroy(() => {
        unsubscribe()
        attached.delete(room)
      })
    },
    stop() {
      stopResumed()
      if (sweep) clearInterval(sweep)
    },
  }
}
