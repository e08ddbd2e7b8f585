// Durable before visible: document writes are grouped into one storage transaction per
// event-loop turn, and anything that must not be seen before those writes are stored (broadcasts,
// sync replies, acknowledgements) is queued behind them with `afterCommit`.
//
// It does not debounce: a batch commits on the next turn (setImmediate), so a write is stored
// within one turn of arriving. While a commit is in flight (asynchronous stores), new writes
// gather in the next batch.

import type { DocStore, DocWrite, IndexWrites, PendingInboxRow } from '../storage/doc-store.ts'

interface Batch {
  writes: DocWrite[]
  index: {
    registered: Array<IndexWrites['registered'][number]>
    touched: Array<IndexWrites['touched'][number]>
    waiting: PendingInboxRow[]
    sealed: Array<IndexWrites['sealed'][number]>
    epochs: Array<IndexWrites['epochs'][number]>
  }
  after: Array<() => void>
}

const newBatch = (): Batch => ({ writes: [], index: { registered: [], touched: [], waiting: [], sealed: [], epochs: [] }, after: [] })

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
}

export function createCommitter(store: DocStore, options: CommitterOptions): Committer {
  let open: Batch | null = null
  let inflight: { batch: Batch; done: Promise<void> } | null = null
  let scheduled = false

  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      void commitOpen()
    })
  }

  const commitOpen = async (): Promise<void> => {
    if (inflight) return inflight.done.then(commitOpen)
    const batch = open
    if (!batch) return
    open = null
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
      while (open || inflight) await commitOpen()
    },
  }
}
