// The room manager's compaction on a real SQLite file: a growing document is compacted a
// logarithmic number of times (not once every `compactAfterUpdates` updates), a stop compacts
// what is left, and the document reads back the same after all of it. Peers are plain objects:
// a room never sees sockets.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRoom } from '@parley/protocol'
import { createLogger } from '../log.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import type { DocStore } from '../storage/doc-store.ts'
import { createSqliteDocStore } from '../storage/sqlite-doc-store.ts'
import { createLocalBus } from './bus.ts'
import { createCommitter } from './committer.ts'
import type { DocRoom, RoomHost } from './doc-room.ts'
import { updateFrame } from './frames.ts'
import type { Peer } from './peer.ts'
import { OK } from './policy.ts'
import { createQuotas } from './quotas.ts'
import { RoomManager } from './rooms.ts'
import { TAIL_SHARE } from './stored-log.ts'

const ROOM = parseRoom('chat/c-rooms-test')!
const opened: Array<{ db: Db; dir: string }> = []
afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

/** A room manager on a SQLite file (a fresh one, or `dir` shared with another), counting the snapshots it stores. */
function relay(compactAfterUpdates: number, shared?: string) {
  const dir = shared ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-rooms-'))
  const db = openDatabase(dir)
  opened.push({ db, dir })
  const sqlite = createSqliteDocStore(db)
  const snapshots: number[] = []
  const store: DocStore = {
    ...sqlite,
    compact: (room, snapshot, replaces) => {
      snapshots.push(snapshot.byteLength)
      return sqlite.compact(room, snapshot, replaces)
    },
  }
  const committer = createCommitter(store, {
    onError: (error) => expect.fail(String(error)),
    onCommitted: (writes, seqs) => rooms.committed(writes, seqs),
  })
  const rooms: RoomManager = new RoomManager({
    store,
    committer,
    bus: createLocalBus(),
    log: createLogger('silent'),
    roomIdleMs: 600_000,
    compactAfterUpdates,
    presenceGraceMs: 0,
    quotas: createQuotas({ bytesPerMinute: 1 << 30, chatsPerHour: 1000 }),
    limits: { maxDocBytes: 1 << 30, awareness: { maxStateBytes: 4096, maxIdsPerPeer: 4 } },
    clock: Date.now,
    policyFor: () => ({ acceptsUpdates: true, judge: () => OK }),
    onLoaded() {},
  })
  const rows = () => (db.prepare('SELECT count(*) AS n FROM doc_updates WHERE room = ?').get(ROOM.name) as { n: number }).n
  const readBack = async () => {
    const doc = new Y.Doc()
    for (const update of (await store.load(ROOM.name)).updates) Y.applyUpdate(doc, update)
    return doc
  }
  return { rooms, snapshots, rows, readBack, dir }
}

const peer: Peer = { id: 1, userId: 'alice', wantsAck: false, send() {}, close() {} }
const turn = () => new Promise((resolve) => setImmediate(resolve))

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  if (!check()) expect.fail(`timed out waiting for ${what}`)
}

/** Writes `count` messages into the room, each its own update stored in its own turn. */
async function grow(room: DocRoom, writer: Y.Doc, count: number) {
  room.join(peer)
  writer.on('update', (update: Uint8Array) => room.receive(peer, updateFrame(update)))
  const messages = writer.getArray<{ id: string; text: string }>('messages')
  for (let i = 0; i < count; i++) {
    messages.push([{ id: `m${i}`, text: `Stored message ${i}: the quick brown fox jumps over the lazy dog.` }])
    await turn()
  }
}

const sameDocument = (a: Y.Doc, b: Y.Doc) => {
  expect(a.getArray('messages').toJSON()).toEqual(b.getArray('messages').toJSON())
  expect(Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))).toBe(true)
}

describe('compaction', () => {
  it('compacts a document growing by 10k updates O(log n) times, not once every compactAfterUpdates', async () => {
    const n = 10_000
    const k = 50
    const { rooms, snapshots, rows, readBack } = relay(k)
    const room = await rooms.get(ROOM)
    const writer = new Y.Doc()
    await grow(room, writer, n)
    await rooms.close()

    // Each snapshot waits for updates weighing TAIL_SHARE of the one before, so snapshots grow
    // geometrically (here by about 1.4: an update's bytes shrink in a snapshot). Once every k
    // updates would be n / k = 200 compactions.
    expect(snapshots.length).toBeGreaterThan(1)
    expect(snapshots.length).toBeLessThanOrEqual(2 * Math.log(n / k) / Math.log(1 + TAIL_SHARE))
    // ...so everything encoded adds up to a few times the final document (about 4 here, the stop's
    // compaction included), where once every k updates would encode it about 100 times.
    const encoded = snapshots.reduce((sum, bytes) => sum + bytes, 0)
    expect(encoded).toBeLessThan(6 * snapshots.at(-1)!)
    expect(rows()).toBe(1)
    sameDocument(await readBack(), writer)
  })

  it('still compacts a short document every compactAfterUpdates updates', async () => {
    const { rooms, snapshots, rows, readBack } = relay(20)
    const room = await rooms.get(ROOM)
    const writer = new Y.Doc()
    await grow(room, writer, 30)
    await until(() => rows() < 20, 'the background compaction')
    expect(snapshots).toHaveLength(1)
    sameDocument(await readBack(), writer)
  })

  it('compacts what is left when the relay stops, and the room reads back the same after it', async () => {
    const first = relay(1_000)
    const room = await first.rooms.get(ROOM)
    const writer = new Y.Doc()
    await grow(room, writer, 40)
    expect(first.rows()).toBe(40)
    await first.rooms.close()
    expect(first.snapshots).toHaveLength(1)
    expect(first.rows()).toBe(1)
    sameDocument(await first.readBack(), writer)
  })

  it('loses nothing when two relays on one file compact the same room beside each other’s writes', async () => {
    // What two processes on one data folder did before: each compaction deleted every row of
    // the room, including the other's it had never merged, and a reader found 10 of 15 messages.
    const a = relay(1_000)
    const b = relay(1_000, a.dir)
    const roomA = await a.rooms.get(ROOM)
    const writerA = new Y.Doc()
    await grow(roomA, writerA, 10)
    const roomB = await b.rooms.get(ROOM) // loads A's 10 rows
    const writerB = new Y.Doc()
    Y.applyUpdate(writerB, Y.encodeStateAsUpdate(writerA))
    const peerB: Peer = { ...peer, id: 2, userId: 'bob' }
    roomB.join(peerB)
    writerB.on('update', (update: Uint8Array) => roomB.receive(peerB, updateFrame(update)))
    for (let i = 0; i < 5; i++) {
      writerB.getArray('messages').push([{ id: `b${i}`, text: `from B ${i}` }])
      await turn()
    }
    writerA.getArray('messages').push([{ id: 'a-late', text: 'from A, after B loaded' }])
    await turn()
    // Both stop: A compacts without B's rows, B without A's last one.
    await a.rooms.close()
    await b.rooms.close()
    const merged = await a.readBack()
    const ids = merged.getArray<{ id: string }>('messages').toArray().map((m) => m.id)
    expect(ids).toHaveLength(16)
    expect(new Set(ids)).toEqual(new Set([...Array.from({ length: 10 }, (_, i) => `m${i}`), ...Array.from({ length: 5 }, (_, i) => `b${i}`), 'a-late']))
  })
})

describe('rooms and their manager', () => {
  /** A room's host, private to it: read here because what it shares is memory, not behaviour. */
  const hostOf = (room: DocRoom) => (room as unknown as { options: { host: RoomHost } }).options.host

  it('answers every room from one host, and keeps a discarded room’s bytes counted until it is destroyed', async () => {
    const { rooms } = relay(500)
    const room = await rooms.get(ROOM)
    const other = await rooms.get(parseRoom('chat/c-rooms-other')!)
    expect(hostOf(other)).toBe(hostOf(room))

    await grow(room, new Y.Doc(), 1)
    await until(() => hostOf(room).storedBytes(room) > 0, 'the message to be counted')
    rooms.discard(ROOM.name)
    // Frames handled before the room is destroyed are still held to the document's size limit.
    expect(room.destroyed).toBe(false)
    expect(hostOf(room).storedBytes(room)).toBeGreaterThan(0)
    await until(() => room.destroyed, 'the discarded room to be destroyed')
    expect(hostOf(room).storedBytes(room)).toBe(0)
  })
})
