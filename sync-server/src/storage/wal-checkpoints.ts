// The checkpoint policy of the storage worker, the one connection that writes documents. SQLite's
// autocheckpoint is off. A checkpoint syncs the WAL and the database file, which on a busy disk
// takes tens of milliseconds, and every commit behind it would wait that long; so the bulk of the
// copy runs on a helper thread with its own connection (sqlite-checkpoint-worker.mjs), beside the
// commits. A PASSIVE checkpoint there never catches up with a busy writer, so the WAL would never
// start over; when it is done, the worker itself copies the few frames written meanwhile, between
// two batches, and the next commit starts the WAL from its beginning (journal_size_limit then cuts
// the file back to the bound). Without the helper, the worker copies everything itself.
//
// When: at most every `everyMs` while there are writes, or at once when the WAL file has grown
// past the bound. Past twice the bound (the disk is slower than the writes, or readers kept the
// WAL from starting over), the worker waits for the helper's copy to end, then a TRUNCATE waits
// for the readers (the relay's reads are single statements) and empties it: commits wait
// meanwhile, and the file stays under about twice the bound plus one batch.

import fs from 'node:fs'
import type { Db } from './database.ts'

export interface CheckpointPolicy {
  /** A checkpoint at most this often while there are writes to copy. */
  everyMs: number
  /** The size the WAL file is cut back to when it starts over, and past which it is checkpointed at once. */
  walBoundBytes: number
}

export interface CheckpointReport {
  /** `background`: the helper's copy; `passive`: the worker's own (the rest); `truncate`: emptied. */
  mode: 'background' | 'passive' | 'truncate'
  seconds: number
  /** Bytes of WAL frames when the checkpoint ran. */
  walBytes: number
}

/** The helper thread, as the policy sees it: asked to copy, it answers through `helperDone`. */
export interface CheckpointHelper {
  start(): void
  /** Blocks this thread until the helper's copy is over (the WAL passed its hard bound). */
  waitIdle(): void
}

export interface WalCheckpoints {
  /** Runs the policy after a write (or on a timer, `now` from performance.now()); what it ran. */
  run(now: number, wrote: boolean): CheckpointReport | null
  /** The helper finished its copy (null: it failed): the worker copies the rest. What ran. */
  helperDone(copied: { seconds: number; walFrames: number } | null): CheckpointReport[]
  /** The helper is gone: the worker copies everything itself from now on. */
  helperLost(): void
  /** Copies and empties the WAL (closing time). */
  truncate(): CheckpointReport
}

export function walCheckpoints(db: Db, policy: CheckpointPolicy, helper: CheckpointHelper | null = null): WalCheckpoints {
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`journal_size_limit = ${policy.walBoundBytes}`)
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const walFile = `${db.name}-wal`
  let dirty = false
  let helping = false
  let lastAt = performance.now()

  const checkpoint = (mode: 'passive' | 'truncate'): CheckpointReport => {
    const started = performance.now()
    const row = (db.pragma(`wal_checkpoint(${mode.toUpperCase()})`) as Array<{ log: number }>)[0]!
    lastAt = performance.now()
    return { mode, seconds: (lastAt - started) / 1000, walBytes: Math.max(0, row.log) * pageSize }
  }

  return {
    run(now, wrote) {
      dirty ||= wrote
      const size = fs.statSync(walFile, { throwIfNoEntry: false })?.size ?? 0
      if (size > 2 * policy.walBoundBytes) {
        // The disk does not keep up: commits wait here for the helper (only one checkpoint runs
        // at a time), and then for the WAL to be emptied.
        if (helping) helper?.waitIdle()
        dirty = false
        return checkpoint('truncate')
      }
      if (helping || !(size > policy.walBoundBytes || (dirty && now - lastAt >= policy.everyMs))) return null
      dirty = false
      if (!helper) return checkpoint('passive')
      helping = true
      lastAt = now
      helper.start()
      return null
    },
    helperDone(copied) {
      helping = false
      const rest = checkpoint('passive')
      return copied ? [{ mode: 'background', seconds: copied.seconds, walBytes: Math.max(0, copied.walFrames) * pageSize }, rest] : [rest]
    },
    helperLost() {
      helping = false
      helper = null
    },
    truncate: () => checkpoint('truncate'),
  }
}
