// A client connection as a room sees it. The connection (connection.ts) implements it over a
// real WebSocket; the room never sees sockets or HTTP.

export interface Peer {
  readonly id: number
  readonly userId: string
  /** The client opted in to acknowledgements (`?ack=1`). */
  readonly wantsAck: boolean
  /**
   * The client opted in to compact presence (`?presence=compact`): it gets awareness changes
   * (joins, leaves, changed states), never unchanged renewals. Absent: false.
   */
  readonly compactAwareness?: boolean
  /** Sends one frame, or closes the peer when its outgoing queue is over the limit. */
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
}
