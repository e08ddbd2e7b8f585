// The storage worker's helper thread (wal-checkpoints.ts): its own connection, which copies the
// WAL into the database file when asked, with the syncs that costs, while the storage worker goes
// on committing. A PASSIVE checkpoint never waits for the writer and never makes it wait. Plain
// JavaScript: it needs only better-sqlite3, and starts the same way from the sources and from the
// bundle (built as sqlite-checkpoint-worker.js).

import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

// `copying[0]` is 1 while a copy runs: the storage worker may wait on it (Atomics.wait) when the
// WAL has passed its hard bound.
const { file, synchronous, copying } = workerData
const db = new Database(file)
db.pragma('busy_timeout = 0')
db.pragma('wal_autocheckpoint = 0')
db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)

parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close()
    parentPort.close()
    return
  }
  const started = performance.now()
  let answer
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)')
    answer = { ok: true, seconds: (performance.now() - started) / 1000, log: row.log, checkpointed: row.checkpointed }
  } catch (error) {
    answer = { ok: false, message: String(error) }
  }
  Atomics.store(copying, 0, 0)
  Atomics.notify(copying, 0)
  parentPort.postMessage(answer)
})
