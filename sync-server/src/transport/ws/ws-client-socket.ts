// A `ws` WebSocket as the relay core's ClientSocket. It listens from the moment the upgrade is
// done: frames that arrive before the relay has authenticated the socket and opened its
// connection wait here, in order, with the socket paused (so a client cannot pile frames up while
// its credentials are checked), and a close that comes first is told to the late listener. It
// always listens for 'error' (an EventEmitter without an error listener would throw, and stop the
// process), and hands frames on as Uint8Array views without copying. Closing drops the frames
// still waiting, ignores any later one and reads again: a paused socket would never read the
// client's answer to its close frame, and the client would see the close only at ws's 30 s timeout.
//
// One object per socket and no closures: the relay holds thousands of idle sockets, and the
// listeners it registers on `ws` are shared functions that find the adapter again.

import type { WebSocket } from 'ws'
import type { ClientSocket, SocketListener } from '../../relay/client-socket.ts'

const adapters = new WeakMap<WebSocket, WsClientSocket>()

function onMessage(this: WebSocket, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) {
  adapters.get(this)?.received(toBytes(data), isBinary)
}
function onError(this: WebSocket, error: Error) {
  adapters.get(this)?.failed(error)
}
function onClose(this: WebSocket, code: number) {
  adapters.get(this)?.closed(code)
}

class WsClientSocket implements ClientSocket {
  private listener: SocketListener | null = null
  /** Frames that came before `listen`; null once the listener is there (or none came). */
  private early: Array<[Uint8Array, boolean]> | null = null
  private closedWith: number | null = null
  private closing = false

  constructor(private readonly ws: WebSocket) {
    adapters.set(ws, this)
    ws.on('error', onError)
    ws.on('message', onMessage)
    ws.on('close', onClose) // ws emits it once; `once` would wrap the listener in two more objects
  }

  get open() {
    return this.ws.readyState === this.ws.OPEN
  }
  get bufferedAmount() {
    return this.ws.bufferedAmount
  }
  send(frame: Uint8Array) {
    this.ws.send(frame)
  }
  close(code: number, reason: string) {
    this.closing = true
    this.early = null
    this.ws.resume()
    this.ws.close(code, reason)
  }
  pause() {
    this.ws.pause()
  }
  resume() {
    this.ws.resume()
  }
  listen(listener: SocketListener) {
    this.listener = listener
    const early = this.early
    this.early = null
    if (early) for (const [frame, binary] of early) listener.frame(frame, binary)
    const code = this.closedWith
    if (code !== null) queueMicrotask(() => listener.socketClosed(code))
    // The connection pauses the socket again itself when the frames outrun its rate.
    this.ws.resume()
  }

  /** A frame from the network. */
  received(frame: Uint8Array, binary: boolean) {
    if (this.closing) return
    if (this.listener) return this.listener.frame(frame, binary)
    ;(this.early ??= []).push([frame, binary])
    this.ws.pause()
  }
  failed(error: Error) {
    this.listener?.socketError(error)
  }
  closed(code: number) {
    this.closedWith = code
    this.listener?.socketClosed(code)
  }
}

export function wsClientSocket(ws: WebSocket): ClientSocket {
  return new WsClientSocket(ws)
}

const toBytes = (data: Buffer | ArrayBuffer | Buffer[]): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
