// The write side of the SQLite document store: the commit of a batch (documents, client-id
// bindings and the index writes, in one transaction) and the compaction of a room's rows. It is a
// plain function of a connection, so the same code runs on the relay's thread (the CLI, tests)
// and in the storage worker (sqlite-write-worker.ts) that commits for a running relay.

import type { Db } from './database.ts'
import { BindingConflict, hasIndexWrites, type DocWrite, type IndexWrites } from './doc-store.ts'
import { sqliteIndexWriter } from './sqlite-index-writer.ts'

export interface SqliteDocWrites {
  /** Stores the writes and index writes in one transaction; each write's row number, in order. */
  commit(writes: readonly DocWrite[], index: IndexWrites): number[]
  /** Deletes the rows `replaces` and inserts `snapshot` in one transaction; the snapshot's row number. */
  compact(room: string, snapshot: Uint8Array, replaces: readonly number[]): number
}

export function sqliteDocWrites(db: Db): SqliteDocWrites {
  const insertUpdate = db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (room, data) VALUES (?, ?)')
  const insertClient = db.prepare<[string, number, string]>(
    'INSERT OR IGNORE INTO doc_clients (room, client_id, user_id) VALUES (?, ?, ?)',
  )
  const selectOwner = db.prepare<[string, number], { user_id: string }>('SELECT user_id FROM doc_clients WHERE room = ? AND client_id = ?')
  const deleteRows = db.prepare<[string, string]>('DELETE FROM doc_updates WHERE room = ? AND seq IN (SELECT value FROM json_each(?))')
  const writeIndex = sqliteIndexWriter(db)

  const commit = db.transaction((writes: readonly DocWrite[], index: IndexWrites): number[] => {
    const seqs: number[] = []
    for (const write of writes) {
      for (const [clientId, userId] of write.bind ?? []) {
        insertClient.run(write.room, clientId, userId)
        if (selectOwner.get(write.room, clientId)?.user_id !== userId) throw new BindingConflict(write.room, clientId)
      }
      seqs.push(Number(insertUpdate.run(write.room, write.update).lastInsertRowid))
    }
    writeIndex(index)
    return seqs
  })
  const compact = db.transaction((room: string, snapshot: Uint8Array, replaces: readonly number[]): number => {
    deleteRows.run(room, JSON.stringify(replaces))
    return Number(insertUpdate.run(room, snapshot).lastInsertRowid)
  })
  return { commit: (writes, index) => commit(writes, index), compact: (room, snapshot, replaces) => compact(room, snapshot, replaces) }
}

/** True when a commit would write nothing (no documents, no index rows): it is skipped. */
export const isEmptyCommit = (writes: readonly DocWrite[], index: IndexWrites): boolean => !writes.length && !hasIndexWrites(index)
