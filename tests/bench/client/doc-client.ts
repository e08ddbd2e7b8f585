// A measuring client: a real Y.Doc synced over a `ws` socket the way a stock provider does it
// (step 1 on open, step 2 in answer to the server's step 1, local updates sent as they happen),
// so that latency runs from the sender's transaction to the receiver's observer. No reconnects:
// a benchmark counts a dropped socket as a failure instead of hiding it.

import * as Y from 'yjs'
import WebSocket from 'ws'
import { initChat } from '@parley/chat-model'
import type { Dialect } from './dialect.ts'
import { awarenessUpdate, readIncoming, syncStep1, syncStep2, syncUpdate } from './messages.ts'
import { ConnectError, renewEvery } from './load-client.ts'
import type { BenchChat, BenchUser } from '../lib/population.ts'

export interface DocClientOptions {
  port: number
  dialect: Dialect
  room: string
  user: BenchUser
  chat?: BenchChat
  /** Whether this client creates the chat: writes its meta before it first syncs. */
  creates?: boolean
  awareness: unknown
}

export class DocClient {
  readonly doc = new Y.Doc()
  private ws: WebSocket | null = null
  private clock = 0
  private stopRenewing: (() => void) | null = null
  synced = false
  closed: { code: number; reason: string } | null = null
  bytesIn = 0
  /** performance.now() when the last message from the server arrived, before it was applied. */
  lastArrival = 0

  constructor(private readonly opts: DocClientOptions) {
    const { chat, user } = opts
    if (chat && opts.creates) {
      initChat(this.doc, { id: chat.id, members: chat.members.map((m) => m.id), createdBy: user.id, createdAt: Date.now() })
    }
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.ws?.readyState === WebSocket.OPEN) this.send(syncUpdate(opts.dialect, opts.room, update))
    })
  }

  private send(message: Uint8Array) {
    this.ws!.send(message)
  }

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
      const ws = new WebSocket(`ws://127.0.0.1:${port}${dialect.path(room, user.token)}`, { perMessageDeflate: false })
      this.ws = ws
      ws.binaryType = 'nodebuffer'
      ws.on('open', () => {
        for (const hello of dialect.hello(room, user.token)) this.send(hello)
        this.send(syncStep1(dialect, room, Y.encodeStateVector(this.doc)))
        if (this.opts.awareness !== null) {
          this.renewAwareness()
          this.stopRenewing = renewEvery(() => this.renewAwareness())
        }
        if (!dialect.serverSyncs) {
          this.synced = true
          done()
        }
      })
      ws.on('message', (data: Buffer) => {
        this.lastArrival = performance.now()
        this.bytesIn += data.byteLength
        const incoming = readIncoming(dialect, data)
        switch (incoming.kind) {
          case 'step1':
            this.send(syncStep2(dialect, room, Y.encodeStateAsUpdate(this.doc, incoming.stateVector)))
            return
          case 'step2':
            Y.applyUpdate(this.doc, incoming.update, this)
            if (!this.synced) {
              this.synced = true
              done()
            }
            return
          case 'update':
            Y.applyUpdate(this.doc, incoming.update, this)
            return
          case 'auth':
            if (incoming.denied) ws.close()
            return
          default:
            return
        }
      })
      ws.on('error', () => {})
      ws.on('close', (code, reason) => {
        this.stopRenewing?.()
        this.closed = { code, reason: reason.toString() }
        if (!this.synced) done(new ConnectError(code, reason.toString()))
      })
      ws.on('unexpected-response', (_req, res) => {
        this.closed = { code: 4000 + ((res.statusCode ?? 0) % 1000), reason: `HTTP ${res.statusCode}` }
        done(new ConnectError(this.closed.code, this.closed.reason))
        ws.terminate()
      })
    })
  }

  renewAwareness(): void {
    if (this.ws?.readyState !== WebSocket.OPEN || this.opts.awareness === null) return
    this.clock++
    this.send(awarenessUpdate(this.opts.dialect, this.opts.room, this.doc.clientID, this.clock, this.opts.awareness))
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  close(): void {
    this.stopRenewing?.()
    this.ws?.close()
  }
}
