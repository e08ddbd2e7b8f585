// One WebSocket in one room: queues frames until the room is loaded, then hands them to it; handles
// them no faster than the configured rate (it pauses the socket instead of dropping anything); closes
// a reader that lets too many outgoing bytes pile up; maps every refusal to a close code; and
// reports the session (one access log line when it ends, metrics, security warnings).

import { CloseCode, type Room } from '@parley/protocol'
import type { User } from '../accounts/accounts.ts'
import type { Logger } from '../log.ts'
import { closeCodeName } from '../metrics/prometheus.ts'
import type { RelayMetrics } from '../metrics/relay-metrics.ts'
import type { ClientSocket } from './client-socket.ts'
import type { DocRoom } from './doc-room.ts'
import { RoomError } from './room-error.ts'
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

/** Who connected to which room. */
export interface ConnectionRequest {
  user: User
  room: Room
  wantsAck: boolean
}

export interface ConnectionContext {
  rooms: RoomManager
  limits: ConnectionLimits
  /** A logger that already names the user and the request. */
  log: Logger
  metrics: RelayMetrics
}

export function openConnection(socket: ClientSocket, request: ConnectionRequest, context: ConnectionContext): OpenConnection {
  const { user, room, wantsAck } = request
  const { rooms, limits, log, metrics } = context
  let docRoom: DocRoom | null = null
  let closed = false
  const session = { openedAt: performance.now(), bytesIn: 0, bytesOut: 0, closeCode: 0, throttled: false }
  metrics.connectionOpened(room.kind)
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
      if (closed || !socket.open) return
      if (socket.bufferedAmount > limits.maxQueuedBytes) {
        log.warn({ room: room.name, event: 'backpressure', queuedBytes: socket.bufferedAmount }, 'closing a client that reads too slowly')
        peer.close(CloseCode.backpressure, 'the client reads too slowly')
        return
      }
      session.bytesOut += frame.byteLength
      socket.send(frame)
    },
    close(code, reason) {
      if (closed) return
      closed = true
      stopDraining()
      docRoom?.leave(peer)
      session.closeCode = code
      metrics.closeSent(code)
      socket.close(code, shortReason(reason))
    },
  }

  const handle = (frame: Uint8Array) => {
    try {
      docRoom!.receive(peer, frame)
    } catch (error) {
      // The reason is the rule that refused (a policy's judgement); it never quotes the frame.
      if (error instanceof RoomError) {
        log.warn({ room: room.name, event: 'refused', code: error.code, rule: error.message }, 'refused a frame; closing the connection')
        metrics.frameRefused(closeCodeName(error.code))
        peer.close(error.code, error.message)
      } else {
        log.warn({ room: room.name, event: 'refused', code: CloseCode.malformed, err: error }, 'malformed frame; closing the connection')
        metrics.frameRefused(closeCodeName(CloseCode.malformed))
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
      if (!session.throttled) log.warn({ room: room.name, event: 'rate_limited', messagesPerSecond: limits.messagesPerSecond }, 'client over the message rate; reading it slower')
      session.throttled = true
      socket.pause()
      drainTimer = setTimeout(drain, Math.ceil(((1 - tokens) / limits.messagesPerSecond) * 1000))
    } else {
      socket.resume()
    }
  }

  socket.onFrame((bytes, isBinary) => {
    if (closed) return
    session.bytesIn += bytes.byteLength
    metrics.frameReceived(room.kind)
    if (!isBinary) {
      metrics.frameRefused(closeCodeName(CloseCode.malformed))
      return peer.close(CloseCode.malformed, 'frames must be binary')
    }
    waiting.push(bytes)
    if (!drainTimer) drain()
  })
  const closedListeners: Array<() => void> = []
  socket.onClose((code) => {
    closed = true
    stopDraining()
    docRoom?.leave(peer)
    metrics.connectionClosed(room.kind)
    // The access line of a WebSocket session: what it was, never what it carried.
    log.info(
      {
        event: 'ws_session',
        room: room.kind,
        ms: Math.round(performance.now() - session.openedAt),
        closeCode: session.closeCode || code,
        closedBy: session.closeCode ? 'relay' : 'client',
        bytesIn: session.bytesIn,
        bytesOut: session.bytesOut,
      },
      'websocket session',
    )
    for (const fn of closedListeners.splice(0)) fn()
  })
  socket.onError((err) => log.debug({ err, room: room.name }, 'socket error'))

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
