// One WebSocket in one room: queues frames until the room is loaded, then hands them to it; handles
// them no faster than the configured rate (it pauses the socket instead of dropping anything); closes
// a reader that lets too many outgoing bytes pile up; maps every refusal to a close code; and
// reports the session (one access log line when it ends, metrics, security warnings).

import { CloseCode, type Room } from '@parley/protocol'
import type { User } from '../accounts/accounts.ts'
import type { SessionLogger } from '../log-on-use.ts'
import { closeCodeName } from '../metrics/prometheus.ts'
import type { RelayMetrics } from '../metrics/relay-metrics.ts'
import type { ClientSocket, SocketListener } from './client-socket.ts'
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
  readonly roomName: string
  close(code: number, reason: string): void
  /** The session that opened it has ended: says so in the log and closes it (4401). */
  sessionEnded(): void
  /** Tells `listener` once, when the connection has closed, whoever closed it. */
  onClosed(listener: ClosedListener): void
}

/**
 * Hears that a connection closed. An object, not a callback, so that one object (the relay's
 * registry of open connections) can listen to every connection without a closure for each.
 */
export interface ClosedListener {
  connectionClosed(connection: OpenConnection): void
}

/** Who connected to which room. */
export interface ConnectionRequest {
  user: User
  room: Room
  wantsAck: boolean
  compactAwareness: boolean
  /** A logger that already names the user and the request. */
  log: SessionLogger
}

/** What every connection of a relay shares (one object for all of them). */
export interface ConnectionContext {
  rooms: RoomManager
  limits: ConnectionLimits
  metrics: RelayMetrics
}

/** What one session did, for its access log line. */
interface SessionFacts {
  openedAt: number
  bytesIn: number
  bytesOut: number
  closeCode: number
  throttled: boolean
}

export function openConnection(socket: ClientSocket, request: ConnectionRequest, context: ConnectionContext): OpenConnection {
  return new Connection(socket, request, context)
}

/**
 * The connection is the room's peer. One object per socket with its methods on the prototype:
 * the relay holds thousands of mostly idle connections, and a closure per method per connection
 * was a large share of the memory each one cost.
 */
class Connection implements Peer, OpenConnection, SocketListener {
  readonly id = nextId++
  readonly userId: string
  readonly wantsAck: boolean
  readonly compactAwareness: boolean
  private readonly room: Room
  private docRoom: DocRoom | null = null
  private isClosed = false
  private readonly session: SessionFacts = { openedAt: performance.now(), bytesIn: 0, bytesOut: 0, closeCode: 0, throttled: false }
  // Frames not handled yet: while the room loads, and beyond the rate. While frames wait here
  // the socket is paused, so this holds at most what one read from the socket delivered. Null
  // when none wait, which is most of the time for most connections.
  private waiting: Uint8Array[] | null = null
  private tokens: number
  private refilledAt = performance.now()
  private drainTimer: NodeJS.Timeout | null = null
  private closedListeners: ClosedListener[] | null = null
  private readonly log: SessionLogger

  constructor(
    private readonly socket: ClientSocket,
    request: ConnectionRequest,
    private readonly context: ConnectionContext,
  ) {
    this.userId = request.user.id
    this.wantsAck = request.wantsAck
    this.compactAwareness = request.compactAwareness
    this.room = request.room
    this.log = request.log
    this.tokens = this.burst
    context.metrics.connectionOpened(this.room.kind)
    socket.listen(this)
    context.rooms.get(this.room).then(
      (loaded) => this.joined(loaded),
      (err) => {
        this.log.error({ err, room: this.room.name }, 'could not load a room')
        this.close(1011, 'the room could not be loaded')
      },
    )
  }

  private get burst() {
    return this.context.limits.messagesPerSecond * 2
  }

  send(frame: Uint8Array) {
    const { socket, context } = this
    if (this.isClosed || !socket.open) return
    if (socket.bufferedAmount > context.limits.maxQueuedBytes) {
      this.log.warn({ room: this.room.name, event: 'backpressure', queuedBytes: socket.bufferedAmount }, 'closing a client that reads too slowly')
      this.close(CloseCode.backpressure, 'the client reads too slowly')
      return
    }
    this.session.bytesOut += frame.byteLength
    socket.send(frame)
  }

  close(code: number, reason: string) {
    if (this.isClosed) return
    this.isClosed = true
    this.stopDraining()
    this.docRoom?.leave(this)
    this.session.closeCode = code
    this.context.metrics.closeSent(code)
    this.socket.close(code, shortReason(reason))
  }

  get roomName() {
    return this.room.name
  }

  sessionEnded() {
    this.log.warn({ room: this.room.name, event: 'session_ended', code: CloseCode.unauthorized }, 'the session has ended; closing the socket')
    this.close(CloseCode.unauthorized, 'the session has ended')
  }

  onClosed(listener: ClosedListener) {
    // concat makes an array of the exact size (a connection has two); push, or a spread, reserves 17 slots.
    this.closedListeners = this.closedListeners ? this.closedListeners.concat(listener) : [listener]
  }

  private joined(loaded: DocRoom) {
    if (this.isClosed) return
    this.docRoom = loaded
    try {
      loaded.join(this)
    } catch (err) {
      // Whatever fails while joining ends this connection only, never the process.
      this.log.error({ err, room: this.room.name }, 'joining a room failed')
      this.close(1011, 'the room could not be joined')
      return
    }
    this.drain()
  }

  /** A frame from the socket (SocketListener). */
  frame(bytes: Uint8Array, isBinary: boolean) {
    if (this.isClosed) return
    const { metrics } = this.context
    this.session.bytesIn += bytes.byteLength
    metrics.frameReceived(this.room.kind)
    if (!isBinary) {
      metrics.frameRefused(closeCodeName(CloseCode.malformed))
      return this.close(CloseCode.malformed, 'frames must be binary')
    }
    if (this.waiting) this.waiting.push(bytes)
    else this.waiting = [bytes]
    if (!this.drainTimer) this.drain()
  }

  private handle(frame: Uint8Array) {
    const { log } = this
    const { metrics } = this.context
    try {
      this.docRoom!.receive(this, frame)
    } catch (error) {
      // The reason is the rule that refused (a policy's judgement); it never quotes the frame.
      if (error instanceof RoomError) {
        log.warn({ room: this.room.name, event: 'refused', code: error.code, rule: error.message }, 'refused a frame; closing the connection')
        metrics.frameRefused(closeCodeName(error.code))
        this.close(error.code, error.message)
      } else {
        log.warn({ room: this.room.name, event: 'refused', code: CloseCode.malformed, err: error }, 'malformed frame; closing the connection')
        metrics.frameRefused(closeCodeName(CloseCode.malformed))
        this.close(CloseCode.malformed, 'malformed frame')
      }
    }
  }

  private stopDraining() {
    if (this.drainTimer) clearTimeout(this.drainTimer)
    this.drainTimer = null
  }

  /** Token bucket: handles waiting frames while the rate allows, else waits for the next token. */
  private drain() {
    this.drainTimer = null
    if (this.isClosed || !this.docRoom) return
    const { messagesPerSecond } = this.context.limits
    const now = performance.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * messagesPerSecond)
    this.refilledAt = now
    const waiting = this.waiting
    if (!waiting) return this.socket.resume()
    while (waiting.length && this.tokens >= 1 && !this.isClosed) {
      this.tokens -= 1
      this.handle(waiting.shift()!)
    }
    if (this.isClosed) return
    if (waiting.length) {
      if (!this.session.throttled) {
        this.log.warn({ room: this.room.name, event: 'rate_limited', messagesPerSecond }, 'client over the message rate; reading it slower')
      }
      this.session.throttled = true
      this.socket.pause()
      this.drainTimer = setTimeout(() => this.drain(), Math.ceil(((1 - this.tokens) / messagesPerSecond) * 1000))
    } else {
      this.waiting = null
      this.socket.resume()
    }
  }

  socketError(err: Error) {
    this.log.debug({ err, room: this.room.name }, 'socket error')
  }

  /** The socket has closed, whoever closed it (SocketListener). */
  socketClosed(code: number) {
    this.isClosed = true
    this.stopDraining()
    this.docRoom?.leave(this)
    const { session } = this
    this.context.metrics.connectionClosed(this.room.kind)
    // The access line of a WebSocket session: what it was, never what it carried.
    this.log.info(
      {
        event: 'ws_session',
        room: this.room.kind,
        ms: Math.round(performance.now() - session.openedAt),
        closeCode: session.closeCode || code,
        closedBy: session.closeCode ? 'relay' : 'client',
        bytesIn: session.bytesIn,
        bytesOut: session.bytesOut,
      },
      'websocket session',
    )
    const listeners = this.closedListeners
    this.closedListeners = null
    if (listeners) for (const listener of listeners) listener.connectionClosed(this)
  }
}
