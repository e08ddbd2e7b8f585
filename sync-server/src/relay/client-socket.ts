// The socket a connection speaks through, as the relay core sees it. The transport
// (transport/ws/) adapts a real WebSocket to it; nothing under relay/ imports a socket library,
// so a room, a connection and their tests never see one.

export interface ClientSocket {
  /** True while frames can be sent. */
  readonly open: boolean
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
  /** Stops reading from the network until `resume()` (a fast writer waits; nothing is dropped). */
  pause(): void
  resume(): void
  /**
   * Hands everything the socket hears to `listener`, from now on: each incoming frame, including
   * those that came before (`binary` is false for a text frame); the close, once, with its code (at
   * once if it already came); socket-level errors (the close follows). One listener per socket.
   */
  listen(listener: SocketListener): void
}

/**
 * What hears a socket. An object rather than three callbacks: the connection is its own listener,
 * so an open socket costs no closure per event.
 */
export interface SocketListener {
  frame(frame: Uint8Array, binary: boolean): void
  socketClosed(code: number): void
  socketError(error: Error): void
}
