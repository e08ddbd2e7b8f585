// A `ws` WebSocket as the relay core's ClientSocket. It always listens for 'error' (an
// EventEmitter without an error listener would throw, and stop the process), and hands frames on
// as Uint8Array views without copying.

import type { WebSocket } from 'ws'
import type { ClientSocket } from '../../relay/client-socket.ts'

export function wsClientSocket(ws: WebSocket): ClientSocket {
  const errorListeners: Array<(error: Error) => void> = []
  ws.on('error', (error) => errorListeners.forEach((fn) => fn(error)))
  return {
    get open() {
      return ws.readyState === ws.OPEN
    },
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    send: (frame) => ws.send(frame),
    close: (code, reason) => ws.close(code, reason),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    onFrame: (listener) => void ws.on('message', (data, isBinary) => listener(toBytes(data), isBinary)),
    onClose: (listener) => void ws.once('close', (code) => listener(code)),
    onError: (listener) => void errorListeners.push(listener),
  }
}

const toBytes = (data: Buffer | ArrayBuffer | Buffer[]): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
