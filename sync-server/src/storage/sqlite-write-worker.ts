// The storage worker's thread: its own connection to the relay's SQLite file, the only one that
// writes documents. It commits the batches the relay's committer sends (sqlite-write-thread.ts),
// one at a time in the order they came, answers with their row numbers, and checkpoints the WAL
// between batches with the help of a second thread (wal-checkpoints.ts). Nothing here waits on
// the relay's event loop, and the relay's event loop never waits on this.

import { parentPort, Worker, workerData } from 'node:worker_threads'
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

const answer = (message: WorkerMessage) => port.postMessage(message)

/** The longest the worker waits for the helper's copy before it empties the WAL anyway (busy then). */
const HELPER_WAIT_MS = 10_000

// The helper that copies the bulk of the WAL beside the commits: plain JavaScript, next to this
// file in the sources (.mjs) and in the bundle (.js).
const helperFile = import.meta.url.endsWith('.ts') ? './sqlite-checkpoint-worker.mjs' : './sqlite-checkpoint-worker.js'
const copying = new Int32Array(new SharedArrayBuffer(4))
const helper = new Worker(new URL(helperFile, import.meta.url), { workerData: { file: setup.file, synchronous: setup.synchronous, copying } })
helper.unref()
const checkpoints = walCheckpoints(db, setup.checkpoints, {
  start() {
    Atomics.store(copying, 0, 1)
    helper.postMessage('run')
  },
  waitIdle: () => void Atomics.wait(copying, 0, 1, HELPER_WAIT_MS),
})
type HelperAnswer = { ok: true; seconds: number; log: number } | { ok: false; message: string }
let closing = false
helper.on('message', (done: HelperAnswer) => {
  if (closing) return
  try {
    // A failed copy loses nothing: the WAL keeps the frames, and the worker copies them now.
    if (!done.ok) answer({ kind: 'checkpoints', checkpoints: [], error: { name: 'Error', message: done.message } })
    answer({ kind: 'checkpoints', checkpoints: checkpoints.helperDone(done.ok ? { seconds: done.seconds, walFrames: done.log } : null) })
  } catch (error) {
    answer({ kind: 'checkpoints', checkpoints: [], error: errorFields(error) })
  }
})
const helperGone = (error: unknown) => {
  if (closing) return
  checkpoints.helperLost()
  answer({ kind: 'checkpoints', checkpoints: [], error: errorFields(error) })
}
helper.on('error', helperGone)
helper.on('exit', (code) => helperGone(new Error(`the checkpoint helper stopped (exit code ${code}); the storage worker checkpoints alone`)))
const stopHelper = async () => {
  const exited = new Promise((resolve) => helper.once('exit', resolve))
  helper.postMessage('stop')
  await exited
}

const perform = (request: Exclude<WriteRequest, { op: 'close' }>): unknown => {
  switch (request.op) {
    case 'commit':
      return writes.commit(request.writes, request.index)
    case 'compact':
      return writes.compact(request.room, request.snapshot, request.replaces)
    case 'pragma':
      return db.pragma(request.pragma)
  }
}

/** Checkpoints between batches, after the batch before was answered. */
const checkpoint = (wrote: boolean) => {
  if (closing) return
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
  if (request.op === 'close') return void close(request.id)
  const started = performance.now()
  try {
    const value = perform(request)
    answer({ kind: 'answer', id: request.id, ok: true, value, seconds: (performance.now() - started) / 1000 })
  } catch (error) {
    answer({ kind: 'answer', id: request.id, ok: false, error: errorFields(error) })
  }
  if (request.op === 'commit' || request.op === 'compact') checkpoint(true)
})

/** Stops the helper (its copy, if one runs, finishes first), empties the WAL and closes. */
async function close(id: number): Promise<void> {
  closing = true
  clearInterval(timer)
  try {
    await stopHelper()
    const report = checkpoints.truncate()
    db.close()
    answer({ kind: 'answer', id, ok: true, value: report, seconds: report.seconds })
  } catch (error) {
    answer({ kind: 'answer', id, ok: false, error: errorFields(error) })
  }
  port.close()
}
