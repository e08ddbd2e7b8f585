// The WAL checkpointer's thread (checkpointer.ts): its own connection to the relay's database,
// which copies committed WAL frames into the database file every `intervalMs`. A PASSIVE
// checkpoint never waits for the relay's writes and never makes them wait. Plain JavaScript so
// that it starts the same way under tsx, vitest and a build.

import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const { file, intervalMs } = workerData
const db = new Database(file)
db.pragma('busy_timeout = 0')
db.pragma('wal_autocheckpoint = 0')

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    parentPort.postMessage({ error: String(error) })
  }
}, intervalMs)

parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.close()
})
