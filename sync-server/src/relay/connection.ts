// One WebSocket in one room: queues frames until the room is loaded, then hands them to it; handles
// them no faster than the configured rate (it pauses the socket instead of dropping anything); closes
// a reader that lets too many outgoing bytes pile up; and maps every refusal to a close code.

import type { WebSocket } from 'ws'
import { CloseCode, type Room } from '@parley/protocol'
import type { User } from '../accounts/accounts.ts'
import type { Logger } from '../log.ts'
import { RoomError, type DocRoom } from './doc-room.ts'
import type { Peer } from './peer.ts'
import type { RoomManager } from './rooms.ts'

export interface ConnectionLimits {
  messagesPerSecond: number
  maxQueuedBytes: number
}

let nextId = 1

/** Close reasons travel in a control frame of at most 125 bytes. */
const shortReason = (reason: string) => Buffer.from(reason).subarray(0, 120).toString()

/** The relay's handle on an open connection. */
export interface OpenConnection {
  close(code: number, reason: string): void
  /** Runs `fn` once the connection has closed, whoever closed it. */
  onClosed(fn: () => void): void
}

export function openConnection(ws: WebSocket, user: User, room: Room, wantsAck: boolean, rooms: RoomManager, limits: ConnectionLimits, log: Logger): OpenConnection {
  let docRoom: DocRoom | null = null
  let closed = false
  // Frames not handled yet: while the room loads, and beyond the rate. While frames wait here
  // the socket is paused, so this holds at most what one read from the socket delivered.
  const waiting: Uint8Array[] = []
  const burst = limits.messagesPerSecond * 2
  let tokens = burst
  let refilledAt = performance.now()
  let drainTimer: NodeJS.Timeout | null = null

  const peer: Peer = {
    id: nextId++,
    userId: user.id,
    wantsAck,
    send(frame) {
      if (closed || ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount > limits.maxQueuedBytes) {
        peer.close(CloseCode.backpressure, 'the client reads too slowly')
        return
      }
      ws.send(frame)
    },
    close(code, reason) {
      if (closed) return
      closed = true
      stopDraining()
      docRoom?.leave(peer)
      ws.close(code, shortReason(reason))
    },
  }

  const handle = (frame: Uint8Array) => {
    try {
      docRoom!.receive(peer, frame)
    } catch (error) {
      if (error instanceof RoomError) {
        log.warn({ room: room.name, user: user.id, code: error.code, reason: error.message }, 'closing a connection')
        peer.close(error.code, error.message)
      } else {
        log.warn({ room: room.name, user: user.id, err: error }, 'malformed frame')
        peer.close(CloseCode.malformed, 'malformed frame')
      }
    }
  }

  const stopDraining = () => {
    if (drainTimer) clearTimeout(drainTimer)
    drainTimer = null
  }

  /** Token bucket: handles waiting frames while the rate allows, else waits for the next token. */
  const drain = () => {
    drainTimer = null
    if (closed || !docRoom) return
    const now = performance.now()
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * limits.messagesPerSecond)
    refilledAt = now
    while (waiting.length && tokens >= 1 && !closed) {
      tokens -= 1
      handle(waiting.shift()!)
    }
    if (closed) return
    if (waiting.length) {
      ws.pause()
      drainTimer = setTimeout(drain, Math.ceil(((1 - tokens) / limits.messagesPerSecond) * 1000))
    } else {
      ws.resume()
    }
  }

  ws.on('message', (data, isBinary) => {
    if (closed) return
    if (!isBinary) return peer.close(CloseCode.malformed, 'frames must be binary')
    waiting.push(toBytes(data))
    if (!drainTimer) drain()
  })
  const closedListeners: Array<() => void> = []
  ws.on('close', () => {
    closed = true
    stopDraining()
    docRoom?.leave(peer)
    for (const fn of closedListeners.splice(0)) fn()
  })
  ws.on('error', (err) => log.debug({ err, room: room.name }, 'socket error'))

  rooms.get(room).then(
    (loaded) => {
      if (closed) return
      docRoom = loaded
      try {
        loaded.join(peer)
      } catch (err) {
        // Whatever fails while joining ends this connection only, never the process.
        log.error({ err, room: room.name }, 'joining a room failed')
        peer.close(1011, 'the room could not be joined')
        return
      }
      drain()
    },
    (err) => {
      log.error({ err, room: room.name }, 'could not load a room')
      peer.close(1011, 'the room could not be loaded')
    },
  )
  return {
    close: (code, reason) => peer.close(code, reason),
    onClosed: (fn) => void closedListeners.push(fn),
  }
}

const toBytes = (data: Buffer | ArrayBuffer | Buffer[]): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
