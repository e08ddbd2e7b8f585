// A `ws` WebSocket as the relay core's ClientSocket. It listens from the moment the upgrade is
// done: frames that arrive before the relay has authenticated the socket and opened its
// connection wait here, in order, with the socket paused (so a client cannot pile frames up while
// its credentials are checked), and a close that comes first is told to the late listener. It
// always listens for 'error' (an EventEmitter without an error listener would throw, and stop the
// process), and hands frames on as Uint8Array views without copying. Closing drops the frames
// still waiting, ignores any later one and reads again: a paused socket would never read the
// client's answer to its close frame, and the client would see the close only at ws's 30 s timeout.

import type { WebSocket } from 'ws'
import type { ClientSocket } from '../../relay/client-socket.ts'

type FrameListener = (frame: Uint8Array, binary: boolean) => void

export function wsClientSocket(ws: WebSocket): ClientSocket {
  const errorListeners: Array<(error: Error) => void> = []
  const closeListeners: Array<(code: number) => void> = []
  let frameListener: FrameListener | null = null
  const early: Array<[Uint8Array, boolean]> = []
  let closedWith: number | null = null
  let closing = false

  ws.on('error', (error) => errorListeners.forEach((fn) => fn(error)))
  ws.on('message', (data, isBinary) => {
    if (closing) return
    const frame = toBytes(data)
    if (frameListener) return frameListener(frame, isBinary)
    early.push([frame, isBinary])
    ws.pause()
  })
  ws.once('close', (code) => {
    closedWith = code
    for (const fn of closeListeners.splice(0)) fn(code)
  })

  return {
    get open() {
      return ws.readyState === ws.OPEN
    },
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    send: (frame) => ws.send(frame),
    close(code, reason) {
      closing = true
      early.length = 0
      ws.resume()
      ws.close(code, reason)
    },
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    onFrame(listener) {
      frameListener = listener
      for (const [frame, binary] of early.splice(0)) listener(frame, binary)
      // The connection pauses the socket again itself when the frames outrun its rate.
      ws.resume()
    },
    onClose(listener) {
      if (closedWith !== null) queueMicrotask(() => listener(closedWith!))
      else closeListeners.push(listener)
    },
    onError: (listener) => void errorListeners.push(listener),
  }
}

const toBytes = (data: Buffer | ArrayBuffer | Buffer[]): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
