// What the relay core reports about its work, as a small interface it is given: the relay knows
// nothing of Prometheus (prometheus.ts implements this), and tests or embedders may pass none.

import type { RoomKind } from '@parley/protocol'

export interface RelayMetrics {
  connectionOpened(kind: RoomKind): void
  connectionClosed(kind: RoomKind): void
  /** A frame arrived from a client (any y-websocket message). */
  frameReceived(kind: RoomKind): void
  /** A client's update was stored (it is acknowledged and passed on after this). */
  updateStored(kind: RoomKind): void
  /** A client's frame was refused; `reason` is a close code's name, e.g. `forbidden`. */
  frameRefused(reason: string): void
  /** The relay closed a socket with this code. */
  closeSent(code: number): void
  /** A storage transaction committed `writes` document writes in `seconds`. */
  committed(seconds: number, writes: number): void
}

const ignore = () => {}

/** For callers that measure nothing. */
export const NO_RELAY_METRICS: RelayMetrics = {
  connectionOpened: ignore,
  connectionClosed: ignore,
  frameReceived: ignore,
  updateStored: ignore,
  frameRefused: ignore,
  closeSent: ignore,
  committed: ignore,
}
