// The checkpoint policy of the storage worker, the one connection that writes documents. SQLite's
// autocheckpoint is off: the worker checkpoints between its own batches, so a PASSIVE checkpoint
// never races a writer on another thread and usually copies the whole WAL, after which the next
// commit starts the WAL over from its beginning. When readers kept it from resetting and the WAL
// holds more than the bound, a TRUNCATE waits for them (the relay's reads are single statements)
// and empties the file. journal_size_limit cuts the file back to the bound whenever it resets.

import type { Db } from './database.ts'

export interface CheckpointPolicy {
  /** A PASSIVE checkpoint at most this often while there are writes to copy. */
  everyMs: number
  /** The WAL may hold at most this many bytes at a checkpoint before it is truncated. */
  walBoundBytes: number
}

export interface CheckpointReport {
  mode: 'passive' | 'truncate'
  seconds: number
  /** Bytes in the WAL when the checkpoint started. */
  walBytes: number
}

interface CheckpointRow {
  busy: number
  log: number
  checkpointed: number
}

export interface WalCheckpoints {
  /** A write was committed: there is something to copy. */
  wrote(): void
  /** Runs the policy now (between batches); what it did, or null when there was nothing due. */
  run(now: number): CheckpointReport[]
  /** Copies and empties the WAL (closing time). */
  truncate(): CheckpointReport
}

export function walCheckpoints(db: Db, policy: CheckpointPolicy): WalCheckpoints {
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`journal_size_limit = ${policy.walBoundBytes}`)
  const pageSize = db.pragma('page_size', { simple: true }) as number
  let dirty = false
  let lastAt = 0

  const checkpoint = (mode: CheckpointReport['mode']): CheckpointReport & { row: CheckpointRow } => {
    const started = performance.now()
    const row = (db.pragma(`wal_checkpoint(${mode.toUpperCase()})`) as CheckpointRow[])[0]!
    return { mode, seconds: (performance.now() - started) / 1000, walBytes: Math.max(0, row.log) * pageSize, row }
  }
  const report = ({ row: _row, ...rest }: CheckpointReport & { row: CheckpointRow }): CheckpointReport => rest

  return {
    wrote() {
      dirty = true
    },
    run(now) {
      if (!dirty || now - lastAt < policy.everyMs) return []
      dirty = false
      lastAt = now
      const passive = checkpoint('passive')
      if (passive.walBytes <= policy.walBoundBytes) return [report(passive)]
      return [report(passive), report(checkpoint('truncate'))]
    },
    truncate: () => report(checkpoint('truncate')),
  }
}
