// WebSocket close codes the relay uses. 4400–4499 mirror HTTP 4xx: the stock y-websocket client
// treats them as final and stops reconnecting. 1009/1013 are transient: the client retries.

export const CloseCode = {
  /** A frame that is not a valid y-websocket message, or an update that cannot be decoded. */
  malformed: 4400,
  /** No credentials, or credentials that are not (or no longer) valid. */
  unauthorized: 4401,
  /** The user may not enter this room, or sent a write the relay refuses. */
  forbidden: 4403,
  /**
   * The write is over a limit: the document's size, the person's bytes per minute or new chats
   * per hour, or awareness states per connection and their size. The reason says which.
   */
  overLimit: 4429,
  /** The room name is not `chat/…`, `inbox/…` or `presence/…`. */
  unknownRoom: 4404,
  /** A frame larger than the configured maximum (the `ws` library closes with this itself). */
  tooLarge: 1009,
  /** The client reads too slowly: its queue of outgoing bytes passed the limit. It may retry. */
  backpressure: 1013,
  /** The relay dropped its copy of the room (after a refused update); reconnect to resync. */
  reload: 1012,
  /** The relay is shutting down. */
  goingAway: 1001,
  /**
   * The relay's storage cannot write (a full disk, an I/O error). Nothing the client sent was
   * stored or shown to anyone; it may retry after the seconds the reason names (the stock client
   * retries on its own backoff and is refused until then).
   */
  storageUnavailable: 4503,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** True for codes after which a client should not reconnect on its own. */
export const isFinalClose = (code: number) => code >= 4400 && code < 4500
