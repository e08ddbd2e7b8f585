// The relay's side of the storage worker (sqlite-write-worker.ts): commits and compactions are
// posted to a worker thread with its own connection, so the relay's event loop never waits for a
// transaction, a sync or a WAL checkpoint; it only gets the answer. Requests are answered in the
// order they were sent. A worker that dies fails what it had not answered with
// StorageUnavailableError (the relay answers 4503, like a full disk) and the next request starts
// a new one: a crash is a storage failure, never a hang.

import { Worker } from 'node:worker_threads'
import type { DocWriter } from './sqlite-doc-store.ts'
import { errorFrom, type WorkerMessage, type WorkerSetup, type WriteOp, type WriteRequest } from './sqlite-write-messages.ts'
import { StorageUnavailableError } from './storage-failure.ts'
import type { CheckpointReport } from './wal-checkpoints.ts'

export interface WriteThreadEvents {
  checkpointed?(report: CheckpointReport): void
  /** A checkpoint failed (it retries), or the worker stopped unasked. */
  problem?(error: Error): void
}

export interface SqliteWriteThread extends DocWriter {
  /** Runs a pragma on the worker's connection (per-connection settings, e.g. max_page_count in tests). */
  pragma(pragma: string): Promise<unknown>
  /** Where checkpoints and failures are reported (metrics, the log); replaces the previous listener. */
  observe(events: WriteThreadEvents): void
  /** Stops the worker at once, as a crash would (tests). */
  kill(): Promise<void>
  /** Answers everything sent so far, checkpoints and empties the WAL, and ends the worker. */
  close(): Promise<void>
}

/** A request not answered yet, and the worker it went to (a new worker does not answer an old one's). */
type Pending = { worker: Worker; resolve(value: unknown): void; reject(error: Error): void }

/**
 * How the worker starts: the bundle's own worker entry next to main.js (dist/), or, running from
 * the TypeScript sources (tsx, vitest), the .ts entry behind tsx's loader.
 */
function spawn(setup: WorkerSetup): Worker {
  const here = import.meta.url
  const entry = here.endsWith('.ts') ? './sqlite-write-worker-source.mjs' : './sqlite-write-worker.js'
  return new Worker(new URL(entry, here), { workerData: setup })
}

/**
 * Posting a Uint8Array copies its whole ArrayBuffer, and an update (or a snapshot) is often a view into a bigger
 * one (the socket's read chunk): such an update is copied once to a buffer of its own, which is
 * then moved to the worker, not copied again. An update that owns its buffer is copied as it is
 * posted (the relay still sends it on after the commit, so it cannot be moved).
 */
const ownBytes = (update: Uint8Array): Uint8Array =>
  update.byteOffset === 0 && update.byteLength === update.buffer.byteLength ? update : update.slice()

export function startWriteThread(setup: WorkerSetup): SqliteWriteThread {
  let worker: Worker | null = null
  let nextId = 0
  const pending = new Map<number, Pending>()
  let events: WriteThreadEvents = {}
  let closed = false

  const failAllOf = (gone: Worker, error: Error) => {
    for (const [id, waiting] of pending) {
      if (waiting.worker !== gone) continue
      pending.delete(id)
      waiting.reject(error)
    }
  }

  const start = (): Worker => {
    const started = spawn(setup)
    started.unref()
    started.on('message', (message: WorkerMessage) => {
      if (message.kind === 'checkpoints') {
        for (const report of message.checkpoints) events.checkpointed?.(report)
        if (message.error) events.problem?.(errorFrom(message.error))
        return
      }
      const waiting = pending.get(message.id)
      pending.delete(message.id)
      if (![...pending.values()].some((other) => other.worker === started)) started.unref()
      if (message.ok) waiting?.resolve(message.value)
      else waiting?.reject(errorFrom(message.error))
    })
    started.on('error', (error) => events.problem?.(error))
    started.on('exit', (code) => {
      if (worker === started) worker = null
      if (![...pending.values()].some((waiting) => waiting.worker === started)) return
      const error = new StorageUnavailableError(`the storage worker stopped (exit code ${code}) before it answered`)
      events.problem?.(error)
      failAllOf(started, error)
    })
    return started
  }

  const send = (request: WriteOp, transfer: ArrayBuffer[] = []): Promise<unknown> => {
    if (closed) {
      const refused = Promise.reject(new StorageUnavailableError('the storage worker is closed'))
      refused.catch(() => {}) // as below: the caller gets it, the process does not
      return refused
    }
    const to = (worker ??= start())
    const id = nextId++
    const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { worker: to, resolve, reject }))
    // Whoever sent the request gets its failure; a request nobody waits for any more (the relay
    // stopping while a write was on its way) must not become an unhandled rejection, which would
    // end the process.
    answer.catch(() => {})
    to.ref()
    to.postMessage({ ...request, id } satisfies WriteRequest, transfer)
    return answer
  }

  return {
    commit: async (writes, index) => {
      const transfer: ArrayBuffer[] = []
      const sent = writes.map((write) => {
        const own = ownBytes(write.update)
        if (own !== write.update) transfer.push(own.buffer as ArrayBuffer)
        return own === write.update ? write : { ...write, update: own }
      })
      return (await send({ op: 'commit', writes: sent, index }, transfer)) as number[]
    },
    compact: async (room, snapshot, replaces) => {
      const own = ownBytes(snapshot)
      return (await send({ op: 'compact', room, snapshot: own, replaces }, own === snapshot ? [] : [own.buffer as ArrayBuffer])) as number
    },
    pragma: (pragma) => send({ op: 'pragma', pragma }),
    observe(next) {
      events = next
    },
    async kill() {
      const running = worker
      if (running) await running.terminate()
    },
    async close() {
      if (closed) return
      const running = worker
      if (!running) {
        closed = true
        return
      }
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
      const closingAnswer = send({ op: 'close' })
      // Nothing sent after the close could be answered: refuse it at once.
      closed = true
      try {
        await closingAnswer
      } catch (error) {
        events.problem?.(error instanceof Error ? error : new Error(String(error)))
      } finally {
        closed = true
      }
      running.ref() // until it has exited
      await exited
    },
  }
}
