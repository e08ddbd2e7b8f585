// Test fixture (not used by the relay): a DocRoom with no sockets and no relay around it. Peers
// are plain objects, the store keeps writes in memory and holds each commit open until the test
// releases it, and the default policy refuses one marked value.

import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { expect } from 'vitest'
import { MessageType } from '@parley/protocol'
import { createLogger } from '../log.ts'
import type { DocStore, DocWrite, IndexWrites } from '../storage/doc-store.ts'
import { createLocalBus, type Bus, type BusMessage } from './bus.ts'
import { createCommitter } from './committer.ts'
import { DocRoom } from './doc-room.ts'
import type { Peer } from './peer.ts'
import { OK, refuse, type RoomPolicy } from './policy.ts'
import { createQuotas } from './quotas.ts'

/** An in-memory store whose commits wait until `release()`. */
export function heldStore() {
  const stored: DocWrite[] = []
  const indexed: IndexWrites[] = []
  const waiting: Array<() => void> = []
  const store: DocStore = {
    load: async () => ({ updates: [], seqs: [], clients: new Map() }),
    commit: (writes, index) =>
      new Promise<number[]>((resolve) =>
        waiting.push(() => {
          stored.push(...writes)
          if (index) indexed.push(index)
          resolve(writes.map((_, i) => stored.length - writes.length + i + 1))
        }),
      ),
    compact: async () => 0,
    countUpdates: async () => stored.length,
    // Row numbers start at 1, as in SQLite and PostgreSQL: row n is stored[n - 1].
    loadSince: async (_room, afterSeq) => {
      const rows = stored.slice(afterSeq)
      const clients = new Map(stored.flatMap((write) => write.bind ?? []))
      return { updates: rows.map((write) => write.update), seqs: rows.map((_, i) => afterSeq + i + 1), clients }
    },
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve))
  /** Lets the committer start what is queued (it commits on the next turn), then completes it. */
  const release = async () => {
    await turn()
    for (const fn of waiting.splice(0)) fn()
    await turn()
  }
  return { store, stored, indexed, release }
}

/** Refuses any inserted value with `text: 'refuse me'`. */
export const markedValuePolicy: RoomPolicy = {
  acceptsUpdates: true,
  judge: (change) =>
    change.inserts.some((insert) => insert.values?.some((v) => (v as { text?: string }).text === 'refuse me')) ? refuse('marked value') : OK,
}

export class TestPeer implements Peer {
  static next = 1
  readonly id = TestPeer.next++
  readonly frames: Uint8Array[] = []
  closed: number | null = null
  constructor(
    readonly userId: string,
    readonly wantsAck = false,
  ) {}
  send(frame: Uint8Array) {
    this.frames.push(frame)
  }
  close(code: number) {
    this.closed = code
  }
  /** Document updates this peer was sent (sync step 2 and update frames). */
  updates(): Uint8Array[] {
    return this.frames.flatMap((frame) => {
      const d = decoding.createDecoder(frame)
      if (decoding.readVarUint(d) !== MessageType.sync || decoding.readVarUint(d) === 0) return []
      return [decoding.readVarUint8Array(d)]
    })
  }
  acks(): number {
    return this.frames.filter((frame) => decoding.readVarUint(decoding.createDecoder(frame)) === MessageType.ack).length
  }
}

export function room(options: { maxDocBytes?: number; policy?: RoomPolicy; clock?: () => number } = {}) {
  const held = heldStore()
  const published: BusMessage[] = []
  const bus: Bus = { ...createLocalBus(), publish: (message) => published.push(message) }
  const committer = createCommitter(held.store, { onError: (error) => expect.fail(String(error)) })
  let poisoned = false
  let bytes = 0
  const docRoom = new DocRoom(
    {
      name: 'chat/room-test',
      policy: options.policy ?? markedValuePolicy,
      committer,
      bus,
      log: createLogger('silent'),
      quotas: createQuotas({ bytesPerMinute: 1 << 30, chatsPerHour: 100 }),
      limits: { maxDocBytes: options.maxDocBytes ?? 1 << 30, awareness: { maxStateBytes: 512, maxIdsPerPeer: 2 } },
      clock: options.clock ?? Date.now,
      awarenessGraceMs: 0,
      host: {
        storedBytes: () => bytes,
        wrote: (_room, n) => (bytes += n),
        loadSince: (_room, afterSeq) => held.store.loadSince('chat/room-test', afterSeq),
        poisoned: () => (poisoned = true),
        empty: () => {},
      },
    },
    { updates: [], seqs: [], clients: new Map() },
  )
  return { docRoom, committer, ...held, published, isPoisoned: () => poisoned }
}

/** A client document writing as `clientID`, whose updates the test sends by hand. */
export function writer(clientID: number) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const say = (text: string) => {
    doc.getArray('messages').push([{ text }])
    return updates.at(-1)!
  }
  return { doc, say }
}

export const textsOf = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text)

