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
  /** Each incoming frame, including those that came before the listener; `binary` is false for a text frame. */
  onFrame(listener: (frame: Uint8Array, binary: boolean) => void): void
  /** Once, when the socket has closed (either side), with the close code; at once if it already has. */
  onClose(listener: (code: number) => void): void
  /** A socket-level error (the close follows). */
  onError(listener: (error: Error) => void): void
}
