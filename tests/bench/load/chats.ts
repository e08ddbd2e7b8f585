// Opens 1:1 chat rooms for a workload: both members of each chat connected, creators first (a
// Parley chat exists once its creator has synced its meta), some rooms with real documents that
// measure delivery latency and the rest with cheap load clients. Also the presence connections
// of W1 and W5.

import { messagesArray, type Message } from '@parley/chat-model'
import type { ArmId } from '../lib/arms.ts'
import type { BenchChat, BenchUser } from '../lib/population.ts'
import { dialectFor } from '../client/dialect.ts'
import { ConnectError, LoadClient } from '../client/load-client.ts'
import { DocClient } from '../client/doc-client.ts'
import { sleep } from '../lib/proc.ts'
import type { Latencies } from './latencies.ts'

export interface Target {
  arm: ArmId
  port: number
  /**
   * Every server of a multi-process arm, spread round robin as a balancer without affinity does:
   * connection k in chat order (chat i's creator is 2i, its other member 2i + 1) goes to
   * ports[k % n]. So with two or more servers a chat's members are never on the same one, and
   * every message crosses processes: the worst case of a real spread.
   */
  ports?: number[]
}

/** The port of the k-th connection in chat order. */
export const portFor = (target: Target, k: number): number => (target.ports?.length ? target.ports[k % target.ports.length]! : target.port)

/** Anything that can send one chat message when asked. */
export interface Sender {
  sendMessage(): boolean
}

export interface ChatRoom {
  chat: BenchChat
  measuring: boolean
  clients: [LoadClient | DocClient, LoadClient | DocClient]
}

/** Close codes after which a member retries: the chat is not registered yet. */
const NOT_YET = new Set([4403, 4404])

/** Connects `make()` clients with at most `concurrency` handshakes in flight. */
export async function connectMany<T extends { connect(timeoutMs: number): Promise<void> }>(
  makers: (() => T)[],
  { concurrency = 64, timeoutMs = 20_000, retries = 0 } = {},
): Promise<T[]> {
  const out: T[] = new Array(makers.length)
  let next = 0
  const worker = async () => {
    while (next < makers.length) {
      const i = next++
      for (let attempt = 0; ; attempt++) {
        const client = makers[i]!()
        try {
          await client.connect(timeoutMs)
          out[i] = client
          break
        } catch (err) {
          const retry = err instanceof ConnectError && NOT_YET.has(err.code) && attempt < retries
          if (!retry) throw new Error(`connection ${i} failed: ${(err as Error).message}`)
          await sleep(100)
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, makers.length) }, worker))
  return out
}

const chatAwareness = (user: BenchUser) => ({ user: { id: user.id, name: user.name } })

const TEXT = 'Measured message: the quick brown fox jumps over the lazy dog. '

/** A measuring member: sends through a real transaction and records when peers observe it. */
export class MeasuringMember implements Sender {
  private n = 0
  constructor(
    readonly client: DocClient,
    private readonly user: BenchUser,
    private readonly latencies: Latencies,
  ) {
    messagesArray(client.doc).observe((event) => {
      if (event.transaction.local) return
      const now = performance.now()
      for (const change of event.changes.delta) {
        if (!change.insert) continue
        for (const message of change.insert as Message[]) latencies.received(message.id, now)
      }
    })
  }
  sendMessage(): boolean {
    if (!this.client.open) return false
    const id = `q${this.client.doc.clientID}-${this.n++}`
    const doc = this.client.doc
    this.latencies.sent(id, performance.now())
    doc.transact(() => messagesArray(doc).push([{ id, author: this.user.id, text: TEXT + this.n, at: Date.now() }]))
    return true
  }
}

export interface OpenChatsOptions {
  /** How many of the chats (the first ones) get measuring clients. */
  measuring: number
  latencies: Latencies
  awareness: boolean
}

export interface OpenChats {
  rooms: ChatRoom[]
  /**
   * One sender per member of every room, the measuring ones spread evenly through the order, so
   * that any run of consecutive sends (a short ramp step covers only part of the round) measures
   * its share. With the measuring ones first, a W3 step of 750 sends over 1,000 senders from a
   * random start could measure nothing, and an empty step counted as a failure.
   */
  senders: Sender[]
  all: (LoadClient | DocClient)[]
}

export async function openChats(target: Target, chats: BenchChat[], options: OpenChatsOptions): Promise<OpenChats> {
  const dialect = dialectFor(target.arm)
  const roomOf = (chat: BenchChat) => `chat/${chat.id}`
  const make = (chat: BenchChat, i: number, member: 0 | 1, measuring: boolean) => () => {
    const user = chat.members[member]
    const awareness = options.awareness ? chatAwareness(user) : null
    const opts = { port: portFor(target, 2 * i + member), dialect, room: roomOf(chat), user, chat, creates: member === 0, awareness }
    return measuring ? new DocClient(opts) : new LoadClient(opts)
  }
  const measuringCount = Math.min(options.measuring, chats.length)
  const creators = await connectMany(chats.map((chat, i) => make(chat, i, 0, i < measuringCount)))
  const others = await connectMany(
    chats.map((chat, i) => make(chat, i, 1, i < measuringCount)),
    { retries: 30 },
  )
  const rooms: ChatRoom[] = chats.map((chat, i) => ({ chat, measuring: i < measuringCount, clients: [creators[i]!, others[i]!] }))
  const measuringSenders: Sender[] = []
  const loadSenders: Sender[] = []
  for (const room of rooms) {
    room.clients.forEach((client, m) => {
      if (client instanceof DocClient) measuringSenders.push(new MeasuringMember(client, room.chat.members[m]!, options.latencies))
      else loadSenders.push(client)
    })
  }
  return { rooms, senders: spreadEvenly(measuringSenders, loadSenders), all: rooms.flatMap((r) => r.clients) }
}

/** `few` placed at even intervals among `many`, each keeping its order. */
export function spreadEvenly<T>(few: readonly T[], many: readonly T[]): T[] {
  const total = few.length + many.length
  const out: T[] = []
  let f = 0
  let m = 0
  for (let i = 0; i < total; i++) {
    // Take from `few` whenever its share of the first i + 1 positions has grown past what it has.
    if (Math.floor(((i + 1) * few.length) / total) > f) out.push(few[f++]!)
    else out.push(many[m++]!)
  }
  return out
}

/** One presence connection per user, awareness `{ user, status: 'online' }` as the app sets it. */
/** Presence connections for `users`; `params` go on each socket's URL (`{ presence: 'compact' }`). */
export async function openPresence(
  target: Target,
  users: BenchUser[],
  concurrency = 64,
  params?: Record<string, string>,
): Promise<LoadClient[]> {
  const dialect = dialectFor(target.arm)
  return connectMany(
    users.map(
      (user) => () =>
        new LoadClient({
          port: target.port,
          dialect,
          room: `presence/${user.orgId}`,
          user,
          awareness: { user: { id: user.id, name: user.name }, status: 'online' },
          ...(params ? { params } : {}),
        }),
    ),
    { concurrency },
  )
}
