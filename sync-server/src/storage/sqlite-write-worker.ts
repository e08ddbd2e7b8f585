// The storage worker's thread: its own connection to the relay's SQLite file, the only one that
// writes documents. It commits the batches the relay's committer sends (sqlite-write-thread.ts),
// one at a time in the order they came, answers with their row numbers, and checkpoints the WAL
// between batches (wal-checkpoints.ts). Nothing here waits on the relay's event loop, and the
// relay's event loop never waits on this.

import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { sqliteDocWrites } from './sqlite-doc-writes.ts'
import { errorFields, type WorkerMessage, type WorkerSetup, type WriteRequest } from './sqlite-write-messages.ts'
import { walCheckpoints } from './wal-checkpoints.ts'

const setup = workerData as WorkerSetup
const port = parentPort!
const db = new Database(setup.file)
db.pragma('journal_mode = WAL')
db.pragma(`synchronous = ${setup.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
db.pragma('busy_timeout = 5000')
db.pragma('foreign_keys = ON')
const writes = sqliteDocWrites(db)
const checkpoints = walCheckpoints(db, setup.checkpoints)

const answer = (message: WorkerMessage) => port.postMessage(message)

const perform = (request: WriteRequest): unknown => {
  switch (request.op) {
    case 'commit':
      return writes.commit(request.writes, request.index)
    case 'compact':
      return writes.compact(request.room, request.snapshot, request.replaces)
    case 'pragma':
      return db.pragma(request.pragma)
    case 'close': {
      const report = checkpoints.truncate()
      db.close()
      return report
    }
  }
}

/** Checkpoints between batches, after the batch before was answered. */
const checkpoint = (wrote: boolean) => {
  if (!db.open) return
  try {
    const done = checkpoints.run(performance.now(), wrote)
    if (done) answer({ kind: 'checkpoints', checkpoints: [done] })
  } catch (error) {
    // A failed checkpoint loses nothing (the WAL keeps the frames); the next one retries.
    answer({ kind: 'checkpoints', checkpoints: [], error: errorFields(error) })
  }
}
// Copies what the last writes left when no more come.
const timer = setInterval(() => checkpoint(false), setup.checkpoints.everyMs)

port.on('message', (request: WriteRequest) => {
  const started = performance.now()
  try {
    const value = perform(request)
    answer({ kind: 'answer', id: request.id, ok: true, value, seconds: (performance.now() - started) / 1000 })
  } catch (error) {
    answer({ kind: 'answer', id: request.id, ok: false, error: errorFields(error) })
  }
  if (request.op === 'close') {
    clearInterval(timer)
    port.close()
  } else if (request.op === 'commit' || request.op === 'compact') {
    checkpoint(true)
  }
})
