// Durable before visible: document writes are grouped into one storage transaction (one per
// event-loop turn, or per group commit below), and anything that must not be seen before those
// writes are stored (broadcasts, sync replies, acknowledgements) is queued behind them with
// `afterCommit`.
//
// Group commit: a batch commits on the next turn (setImmediate), unless the previous commit
// started less than `waitMs` ago; then it waits until `waitMs` after that start, so that the turns
// meanwhile share one commit (a relay that keeps up has one message per turn, and a commit per
// message was over half its CPU on one core). A write so waits at most `waitMs`, only when commits
// come faster than one per `waitMs`, and only while the event loop is busy (`busy`): at low
// load a wait would save nothing and add its latency. A batch of MAX_BATCH_WRITES writes or
// MAX_BATCH_BYTES bytes commits on the next turn. While a commit is in flight (asynchronous stores),
// new writes gather in the next batch. `waitMs` 0 commits every turn.

import type { DocStore, DocWrite, IndexWrites, PendingInboxRow } from '../storage/doc-store.ts'

interface Batch {
  writes: DocWrite[]
  /** Bytes of the writes' updates. */
  bytes: number
  index: {
    registered: Array<IndexWrites['registered'][number]>
    touched: Array<IndexWrites['touched'][number]>
    waiting: PendingInboxRow[]
    sealed: Array<IndexWrites['sealed'][number]>
    epochs: Array<IndexWrites['epochs'][number]>
  }
  after: Array<() => void>
}

const newBatch = (): Batch => ({ writes: [], bytes: 0, index: { registered: [], touched: [], waiting: [], sealed: [], epochs: [] }, after: [] })

/** A batch this large commits on the next turn, whatever `waitMs` says. */
export const MAX_BATCH_WRITES = 1000
export const MAX_BATCH_BYTES = 4 << 20

export interface Committer {
  /** Queues a write into the current batch. */
  write(write: DocWrite): void
  /**
   * Adds side-table writes (the chat index, waiting inbox rows) to the current batch: they are
   * committed in the same transaction as its documents.
   */
  index(writes: Partial<IndexWrites>): void
  /** Runs `fn` once every write queued so far is stored; at once if nothing is waiting. */
  afterCommit(fn: () => void): void
  /** Commits everything queued now and resolves when it is stored. */
  flush(): Promise<void>
}

export interface CommitterOptions {
  /** Called when a batch fails to commit; its `after` callbacks are dropped, never run. */
  onError(error: unknown, rooms: Set<string>): void
  /**
   * Called when a batch is stored, before its `after` callbacks: the row number of each write, and
   * how long the store took in seconds.
   */
  onCommitted?(writes: readonly DocWrite[], seqs: readonly number[], seconds: number): void
  /** Milliseconds after a commit's start before the next may start (PARLEY_COMMIT_WAIT_MS); 0: every turn. */
  waitMs?: number
  /** Whether the event loop is busy (loop-load.ts): only then does a batch wait. Always, if absent. */
  busy?(): boolean
}

export function createCommitter(store: DocStore, options: CommitterOptions): Committer {
  let open: Batch | null = null
  let inflight: { batch: Batch; done: Promise<void> } | null = null
  const waitMs = options.waitMs ?? 0
  let scheduled: 'turn' | NodeJS.Timeout | null = null
  let lastStart = -Infinity

  const run = () => {
    scheduled = null
    void commitOpen()
  }
  const schedule = () => {
    const full = open !== null && (open.writes.length >= MAX_BATCH_WRITES || open.bytes >= MAX_BATCH_BYTES)
    if (scheduled === 'turn') return
    if (scheduled !== null) {
      if (!full) return
      clearTimeout(scheduled)
    }
    const wait = full ? 0 : lastStart + waitMs - performance.now()
    if (wait > 0 && (options.busy?.() ?? true)) {
      scheduled = setTimeout(run, wait)
    } else {
      scheduled = 'turn'
      setImmediate(run)
    }
  }

  const commitOpen = async (): Promise<void> => {
    if (inflight) return inflight.done.then(commitOpen)
    const batch = open
    if (!batch) return
    open = null
    lastStart = performance.now()
    const done = (async () => {
      const started = performance.now()
      try {
        const seqs = await store.commit(batch.writes, batch.index)
        options.onCommitted?.(batch.writes, seqs, (performance.now() - started) / 1000)
      } catch (error) {
        options.onError(error, new Set(batch.writes.map((w) => w.room)))
        return
      } finally {
        inflight = null
      }
      for (const fn of batch.after) fn()
    })()
    inflight = { batch, done }
    await done
    if (open) schedule()
  }

  return {
    write(write) {
      open ??= newBatch()
      open.writes.push(write)
      open.bytes += write.update.byteLength
      schedule()
    },
    index(writes) {
      open ??= newBatch()
      if (writes.registered) open.index.registered.push(...writes.registered)
      if (writes.touched) open.index.touched.push(...writes.touched)
      if (writes.waiting) open.index.waiting.push(...writes.waiting)
      if (writes.sealed) open.index.sealed.push(...writes.sealed)
      if (writes.epochs) open.index.epochs.push(...writes.epochs)
      schedule()
    },
    afterCommit(fn) {
      if (open) open.after.push(fn)
      else if (inflight) inflight.batch.after.push(fn)
      else fn()
    },
    async flush() {
      // At once: whoever flushes is about to read what is stored (a room loading, a compaction).
      if (scheduled !== null && scheduled !== 'turn') {
        clearTimeout(scheduled)
        scheduled = null
      }
      while (open || inflight) await commitOpen()
    },
  }
}
