// A cheap load client: one room on one raw socket, speaking the protocol like a stock provider
// (sync step 1 on open, step 2 in answer to the server's step 1, an awareness state renewed
// every 15 s) but never applying what it receives. It writes chat messages into a private Y.Doc
// that holds only its own writes, so every update it sends is valid Yjs that the relay can check
// (author, client id) and store; it counts the bytes and messages that come back.

import { appendMessage, initChat } from '@parley/chat-model'
import * as Y from 'yjs'
import { clientFrame, RawSocket } from './raw-socket.ts'
import type { Dialect } from './dialect.ts'
import { awarenessUpdate, EMPTY_STATE_VECTOR, peekType, readIncoming, syncStep1, syncStep2, syncUpdate } from './messages.ts'
import { Msg, SyncStep } from './dialect.ts'
import type { BenchChat, BenchUser } from '../lib/population.ts'

export class ConnectError extends Error {
  override name = 'ConnectError'
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`closed with ${code} ${reason}`.trim())
  }
}

export interface LoadClientOptions {
  port: number
  dialect: Dialect
  room: string
  user: BenchUser
  /** The chat this client writes to. Absent: no document (a presence connection). */
  chat?: BenchChat
  /** Whether this client creates the chat: writes its meta before it first syncs. */
  creates?: boolean
  /** Awareness state to publish on open and renew every RENEW_MS; null publishes none. */
  awareness: unknown
  /** Query parameters added to the socket's URL (`{ presence: 'compact' }`). */
  params?: Record<string, string>
}

/** y-protocols renews a local awareness state when it is 15 s old (half its 30 s timeout). */
export const RENEW_MS = 15_000

const TEXT = 'Bench message: the quick brown fox jumps over the lazy dog. '

/**
 * Calls `renew` every RENEW_MS, the first time after a random part of it: real clients connect
 * at unrelated times, and renewals bunched into the second the load connected would not be real.
 * Returns the function that stops it.
 */
export function renewEvery(renew: () => void): () => void {
  let interval: NodeJS.Timeout | null = null
  const first = setTimeout(() => {
    renew()
    interval = setInterval(renew, RENEW_MS)
  }, Math.random() * RENEW_MS)
  return () => {
    clearTimeout(first)
    if (interval) clearInterval(interval)
  }
}

const withParams = (path: string, params: Record<string, string> | undefined) =>
  params ? `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(params).toString()}` : path

export class LoadClient {
  readonly doc: Y.Doc | null
  private socket: RawSocket | null = null
  private clock = 0
  private sent = 0
  private queue: Buffer[] = []
  private captured: Uint8Array | null = null
  private stopRenewing: (() => void) | null = null
  synced = false
  closed: { code: number; reason: string } | null = null
  /** Incoming totals: every message, and awareness messages alone. */
  framesIn = 0
  awarenessFramesIn = 0
  awarenessBytesIn = 0
  updateFramesIn = 0

  constructor(private readonly opts: LoadClientOptions) {
    this.doc = opts.chat ? new Y.Doc() : null
    if (this.doc && opts.chat && opts.creates) {
      const { chat } = opts
      initChat(this.doc, { id: chat.id, members: chat.members.map((m) => m.id), createdBy: opts.user.id, createdAt: Date.now() })
    }
    this.doc?.on('update', (update: Uint8Array) => {
      this.captured = update
    })
  }

  get bytesIn(): number {
    return this.socket?.bytesIn ?? 0
  }
  get bytesOut(): number {
    return this.socket?.bytesOut ?? 0
  }
  get open(): boolean {
    return this.socket?.open ?? false
  }
  get clientId(): number {
    return this.doc?.clientID ?? this.awarenessId
  }
  private readonly awarenessId = Math.floor(Math.random() * 0xffffffff)

  /** Opens the socket; resolves once synced (open, for an arm whose server does not sync). */
  connect(timeoutMs: number): Promise<void> {
    const { dialect, room, user, port } = this.opts
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close()
        reject(new ConnectError(0, `not synced within ${timeoutMs} ms`))
      }, timeoutMs)
      const done = (err?: Error) => {
        clearTimeout(timer)
        if (err) reject(err)
        else resolve()
      }
      this.socket = new RawSocket(port, withParams(dialect.path(room, user.token), this.opts.params), {
        open: () => {
          for (const hello of dialect.hello(room, user.token)) this.socket!.send(hello)
          const sv = this.doc ? Y.encodeStateVector(this.doc) : EMPTY_STATE_VECTOR
          this.socket!.send(syncStep1(dialect, room, sv))
          if (this.opts.awareness !== null) {
            this.renewAwareness()
            this.stopRenewing = renewEvery(() => this.renewAwareness())
          }
          if (!dialect.serverSyncs) {
            this.synced = true
            done()
          }
        },
        message: (payload) => {
          this.framesIn++
          const { type, step } = peekType(dialect, payload)
          if (type === Msg.awareness) {
            this.awarenessFramesIn++
            this.awarenessBytesIn += payload.byteLength
          } else if (type === Msg.sync || type === Msg.syncReply) {
            if (step === SyncStep.update) this.updateFramesIn++
            // Only a syncing server's step 1 is answered: on the raw broadcaster a step 1 comes from
            // a peer, and answering every peer would turn each join into N² messages of no use to
            // a load client.
            else if (step === SyncStep.step1) {
              if (dialect.serverSyncs) this.answerStep1(payload)
            }
            else if (!this.synced) {
              this.synced = true
              done()
            }
          } else if (type === Msg.auth) {
            const auth = readIncoming(dialect, payload)
            if (auth.kind === 'auth' && auth.denied) this.socket?.close()
          }
        },
        close: (code, reason) => {
          this.closed = { code, reason }
          this.stopRenewing?.()
          if (!this.synced) done(new ConnectError(code, reason))
        },
      })
    })
  }

  private answerStep1(payload: Uint8Array) {
    const incoming = readIncoming(this.opts.dialect, payload)
    if (incoming.kind !== 'step1') return
    const update = this.doc ? Y.encodeStateAsUpdate(this.doc, incoming.stateVector) : new Uint8Array([0, 0])
    this.socket!.send(syncStep2(this.opts.dialect, this.opts.room, update))
  }

  /** Publishes the awareness state again with the next clock, as y-protocols does every 15 s. */
  renewAwareness(): void {
    if (!this.socket?.open || this.opts.awareness === null) return
    this.clock++
    this.socket.send(awarenessUpdate(this.opts.dialect, this.opts.room, this.clientId, this.clock, this.opts.awareness))
  }

  /** Writes `count` messages ahead of time, so that sending them later costs only a write. */
  prepare(count: number): void {
    for (let i = 0; i < count; i++) this.queue.push(this.write())
  }

  /** Sends the next message (prepared, or written now). Returns false when the socket is closed. */
  sendMessage(): boolean {
    if (!this.socket?.open) return false
    this.socket.sendFrame(this.queue.shift() ?? this.write())
    return true
  }

  private write(): Buffer {
    if (!this.doc) throw new Error('this load client has no document to write to')
    const n = this.sent++
    appendMessage(this.doc, { id: `m${this.doc.clientID}-${n}`, author: this.opts.user.id, text: TEXT + n, at: Date.now() })
    const update = this.captured!
    this.captured = null
    return clientFrame(syncUpdate(this.opts.dialect, this.opts.room, update))
  }

  close(): void {
    this.stopRenewing?.()
    this.socket?.close()
  }
}
