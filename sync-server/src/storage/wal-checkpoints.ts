// The checkpoint policy of the storage worker, the one connection that writes documents. SQLite's
// autocheckpoint is off: the worker checkpoints between its own batches, after it has answered
// the batch before, so a PASSIVE checkpoint never races a writer on another thread and copies
// the whole WAL unless a reader still needs old frames; the next commit then starts the WAL over
// from its beginning and journal_size_limit cuts the file back to the bound. Each checkpoint
// syncs the database file, so it runs at most every `everyMs`, or at once when the WAL file has
// grown past the bound; a WAL that grew past twice the bound (readers kept it from starting
// over) is emptied with a TRUNCATE, which waits for those readers (the relay's reads are single
// statements). So the file stays under about twice the bound plus one batch.

import fs from 'node:fs'
import type { Db } from './database.ts'

export interface CheckpointPolicy {
  /** A PASSIVE checkpoint at most this often while there are writes to copy. */
  everyMs: number
  /** The size the WAL file is cut back to when it starts over, and past which it is checkpointed at once. */
  walBoundBytes: number
}

export interface CheckpointReport {
  mode: 'passive' | 'truncate'
  seconds: number
  /** Bytes of WAL frames when the checkpoint ran. */
  walBytes: number
}

export interface WalCheckpoints {
  /** Runs the policy after a write (or on a timer, `now` from performance.now()); what it ran. */
  run(now: number, wrote: boolean): CheckpointReport | null
  /** Copies and empties the WAL (closing time). */
  truncate(): CheckpointReport
}

export function walCheckpoints(db: Db, policy: CheckpointPolicy): WalCheckpoints {
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`journal_size_limit = ${policy.walBoundBytes}`)
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const walFile = `${db.name}-wal`
  let dirty = false
  let lastAt = performance.now()

  const checkpoint = (mode: CheckpointReport['mode']): CheckpointReport => {
    const started = performance.now()
    const row = (db.pragma(`wal_checkpoint(${mode.toUpperCase()})`) as Array<{ log: number }>)[0]!
    lastAt = performance.now()
    dirty = false
    return { mode, seconds: (lastAt - started) / 1000, walBytes: Math.max(0, row.log) * pageSize }
  }

  return {
    run(now, wrote) {
      dirty ||= wrote
      const size = fs.statSync(walFile, { throwIfNoEntry: false })?.size ?? 0
      if (size > 2 * policy.walBoundBytes) return checkpoint('truncate')
      if (size > policy.walBoundBytes || (dirty && now - lastAt >= policy.everyMs)) return checkpoint('passive')
      return null
    },
    truncate: () => checkpoint('truncate'),
  }
}
