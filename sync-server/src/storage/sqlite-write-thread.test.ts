// The storage worker on a real SQLite file: it commits and compacts for the relay's thread and
// answers with row numbers and the same errors as an in-thread commit; a dead worker is a storage
// failure and the next write starts a new one; the relay's event loop keeps running while a big
// batch commits; and under sustained writes (6 MB, six times the bound), with reads on this
// thread, the WAL stays bounded (the bulk of each checkpoint on the worker's helper thread).

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from './database.ts'
import { BindingConflict, NO_INDEX_WRITES, type DocStore, type DocWrite } from './doc-store.ts'
import { createSqliteDocStore } from './sqlite-doc-store.ts'
import { openSqliteBackend, usesStorageWorker } from './sqlite-backend.ts'
import { startWriteThread, type SqliteWriteThread } from './sqlite-write-thread.ts'
import { isStorageUnavailable, StorageUnavailableError } from './storage-failure.ts'
import type { CheckpointReport } from './wal-checkpoints.ts'

const WAL_BOUND = 1024 * 1024
let dir: string
let db: Db
let thread: SqliteWriteThread
let store: DocStore
let checkpoints: CheckpointReport[]

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-write-thread-'))
  db = openDatabase(dir)
  db.pragma('wal_autocheckpoint = 0')
  thread = startWriteThread({ file: db.name, synchronous: 'normal', checkpoints: { everyMs: 200, walBoundBytes: WAL_BOUND } })
  checkpoints = []
  thread.observe({ checkpointed: (report) => checkpoints.push(report) })
  store = createSqliteDocStore(db, thread)
})
afterEach(async () => {
  await thread.close()
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const write = (room: string, bytes: number, fill = 1): DocWrite => ({ room, update: new Uint8Array(bytes).fill(fill) })
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('the storage worker', () => {
  it('commits and compacts, and this thread reads what it stored', async () => {
    const seqs = await store.commit([write('a', 3), write('b', 4), { room: 'a', update: new Uint8Array([9]), bind: [[7, 'alice']] }])
    expect(seqs).toHaveLength(3)
    expect(seqs[1]).toBeGreaterThan(seqs[0]!)
    const a = await store.load('a')
    expect(a.seqs).toEqual([seqs[0], seqs[2]])
    expect(a.clients).toEqual(new Map([[7, 'alice']]))
    const snapshot = await store.compact('a', new Uint8Array([1, 2, 3]), a.seqs)
    expect((await store.load('a')).seqs).toEqual([snapshot])
  })

  it('moves an update that is a view into a bigger buffer, and stores only its bytes', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(5)
    chunk.set([1, 2, 3], 100)
    await store.commit([{ room: 'a', update: chunk.subarray(100, 103) }])
    expect([...(await store.load('a')).updates[0]!]).toEqual([1, 2, 3])
    expect(chunk.byteLength).toBe(64 * 1024) // the relay's own buffer is untouched
  })

  it('fails a commit that binds a client id someone else holds with BindingConflict, storing nothing of it', async () => {
    await store.commit([{ room: 'a', update: new Uint8Array([1]), bind: [[7, 'alice']] }])
    const failed = store.commit([write('a', 2), { room: 'a', update: new Uint8Array([2]), bind: [[7, 'bob']] }])
    await expect(failed).rejects.toBeInstanceOf(BindingConflict)
    await expect(failed).rejects.toMatchObject({ room: 'a', clientId: 7 })
    expect((await store.load('a')).updates).toHaveLength(1)
  })

  it('fails a commit on a full disk with SQLite\'s code, which the relay reads as a storage failure', async () => {
    await thread.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    const failed = await store.commit([write('a', 64 * 1024)]).catch((error: unknown) => error)
    expect(failed).toMatchObject({ code: 'SQLITE_FULL' })
    expect(isStorageUnavailable(failed)).toBe(true)
    await thread.pragma('max_page_count = 1073741823')
    expect(await store.commit([write('a', 10)])).toHaveLength(1)
  })

  it('fails what a dead worker had not answered as a storage failure, and starts a new one for the next write', async () => {
    await store.commit([write('a', 1)])
    // Caught at once: the rejection comes while kill() is awaited, before any expect could attach.
    const unanswered = store.commit([write('a', 8 * 1024 * 1024)]).then(() => null, (error: unknown) => error)
    await thread.kill()
    expect(await unanswered).toBeInstanceOf(StorageUnavailableError)
    const seqs = await store.commit([write('a', 2)])
    expect((await store.load('a')).seqs.at(-1)).toBe(seqs[0])
  })

  it('refuses at once what is sent once close has begun, as a storage failure', async () => {
    await store.commit([write('a', 1)])
    const closing = thread.close()
    const late = await store.commit([write('a', 2)]).then(() => null, (error: unknown) => error)
    expect(late).toBeInstanceOf(StorageUnavailableError)
    await closing
    expect((await store.load('a')).updates).toHaveLength(1)
  })

  it('answers everything sent before close, then empties the WAL', async () => {
    const sent = store.commit([write('a', 100_000)])
    await thread.close()
    expect(await sent).toHaveLength(1)
    expect(fs.statSync(`${db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0)
    expect((await store.load('a')).updates).toHaveLength(1)
  })

  it('keeps the event loop turning while big batches commit', async () => {
    // 3,000 rows a batch: commits of tens of milliseconds, during which a 1 ms timer on this
    // thread would not fire at all if they ran here.
    const batch = (fill: number) => Array.from({ length: 3000 }, (_, i) => write(`room-${i % 20}`, 200, fill))
    await store.commit(batch(0)) // the worker's start and the first structured clone, unmeasured
    const batches = Array.from({ length: 8 }, (_, b) => batch(b + 1))
    const delay = monitorEventLoopDelay({ resolution: 1 })
    delay.enable()
    let committingMs = 0
    for (const next of batches) {
      await turn()
      const started = performance.now()
      await store.commit(next)
      committingMs += performance.now() - started
    }
    delay.disable()
    // The timer kept firing through the commits. On this thread it could fire only between them
    // (once or twice a batch), however long they took; on a busy machine it fires less often
    // than every millisecond, but still many times a commit.
    expect(committingMs).toBeGreaterThan(40)
    expect(delay.count).toBeGreaterThan(5 * batches.length)
  })

  it('keeps the WAL under its bound through 6 MB of writes while this thread reads', async () => {
    let largestWal = 0
    // 6 MB in 300 batches of 10 rows, each followed by a read, as fast as the worker takes them.
    for (let batch = 0; batch < 300; batch++) {
      await store.commit(Array.from({ length: 10 }, (_, i) => write(`room-${i}`, 2000, batch % 250)))
      await store.load(`room-${batch % 10}`)
      largestWal = Math.max(largestWal, fs.statSync(`${db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0)
    }
    // The bulk of each copy ran on the helper thread, the rest on the worker.
    expect(checkpoints.some((c) => c.mode === 'background')).toBe(true)
    expect(checkpoints.some((c) => c.mode === 'passive')).toBe(true)
    // Past the bound a checkpoint starts; past twice the bound the worker empties the WAL.
    expect(largestWal).toBeLessThan(2 * WAL_BOUND + 256 * 1024)
  })
})

describe('PARLEY_SQLITE_STORAGE_WORKER', () => {
  const open = (sqliteStorageWorker: 'auto' | boolean) =>
    openSqliteBackend({ dataDir: dir, sqliteSynchronous: 'normal', sqliteStorageWorker, sqliteCheckpointMs: 1000, sqliteWalLimitMb: 64, scryptCost: 1024, sessionTtlHours: 1 }, { info: () => {} })

  it('gives the relay a storage worker, turns autocheckpoint off on its own connection, and empties the WAL on close', async () => {
    const backend = open(true)
    expect(backend.writeThread).toBeDefined()
    expect(backend.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    expect(await backend.docs.commit([write('a', 100_000)])).toHaveLength(1)
    // Closing lets the worker store what it has and empty the WAL (the relay then unlocks the folder).
    await backend.close()
    expect(fs.statSync(`${db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0)
  })

  it('off, commits on the relay\'s connection with SQLite\'s autocheckpoint', async () => {
    const backend = open(false)
    expect(backend.writeThread).toBeUndefined()
    expect(backend.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(await backend.docs.commit([write('a', 1)])).toHaveLength(1)
    await backend.close()
  })

  it('auto uses the worker when the relay may run on two cores or more, and not on one', async () => {
    expect([1, 2, 8].map((cores) => usesStorageWorker('auto', cores))).toEqual([false, true, true])
    expect([1, 2].map((cores) => usesStorageWorker(true, cores))).toEqual([true, true])
    expect([1, 2].map((cores) => usesStorageWorker(false, cores))).toEqual([false, false])
    const backend = open('auto')
    expect(backend.writeThread !== undefined).toBe(os.availableParallelism() >= 2)
    await backend.close()
  })
})
