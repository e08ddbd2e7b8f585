// What passes between relay processes. A room publishes every update once it is stored and every
// awareness change its own clients make; the other processes holding the room apply them and pass
// them to their clients. Chat indexing hints an inbox when rows wait for it in the database. Nothing
// depends on every message arriving: a process that lost the bus catches up from the database
// (`onResumed`), and asks the others to do the same (`resync`). In one process (the default) there
// is nobody else to tell; redis-bus.ts is the bus between processes.

import { inboxRoom } from '@parley/protocol'

export type BusMessage =
  /** A stored document update, with the client ids it bound to people (read-only elsewhere). */
  | { kind: 'update'; room: string; update: Uint8Array; bind?: ReadonlyArray<readonly [client: number, userId: string]> }
  /** An awareness update (presence, typing) accepted from the publisher's own clients. */
  | { kind: 'awareness'; room: string; update: Uint8Array }
  /** Rows wait for this person's inbox in the pending inbox rows. */
  | { kind: 'inbox-hint'; userId: string }
  /** "Catch this room up from the database": its publisher may have failed to publish something. */
  | { kind: 'resync'; room: string }
  /** "I just began listening to this room": the others publish their own clients' awareness again. */
  | { kind: 'awareness-request'; room: string }

export type BusListener = (message: BusMessage) => void

export interface Bus {
  /** Other processes write the same rooms (a Redis bus); false for the single-process bus. */
  readonly shared: boolean
  /** Never throws and never waits: a message that cannot go now is dropped (catch-up covers it). */
  publish(message: BusMessage): void
  /** Listens to a room's messages (an inbox room also hears its inbox hints); returns the unsubscribe. */
  subscribe(room: string, listener: BusListener): () => void
  /** Called after this process lost the bus and got it back: catch every loaded room up. */
  onResumed(listener: () => void): () => void
  close(): Promise<void>
}

/** The room a message belongs to: its listeners are that room's. */
export const roomOf = (message: BusMessage): string => (message.kind === 'inbox-hint' ? inboxRoom(message.userId) : message.room)

const nothing = () => {}

/** The single-process bus: publishing reaches no one, since this process already applied it. */
export function createLocalBus(): Bus {
  return {
    shared: false,
    publish() {},
    // One function for every room: each loaded room keeps what subscribe returns.
    subscribe: () => nothing,
    onResumed: () => nothing,
    async close() {},
  }
}
