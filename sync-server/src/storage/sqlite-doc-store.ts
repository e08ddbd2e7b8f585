// DocStore on the relay's SQLite file. Reads (load, loadSince, countUpdates) run on the caller's
// connection: under WAL a reader never waits for the writer, and each read is one short
// statement. Writes go to a DocWriter: the storage worker's connection for a running relay
// (sqlite-write-thread.ts), or this same connection, synchronously (the CLI, tests).

import type { Db } from './database.ts'
import { NO_INDEX_WRITES, type DocStore, type DocWrite, type IndexWrites, type StoredDoc } from './doc-store.ts'
import { isEmptyCommit, sqliteDocWrites } from './sqlite-doc-writes.ts'

/** Where the store's commits and compactions run. */
export interface DocWriter {
  commit(writes: readonly DocWrite[], index: IndexWrites): Promise<number[]>
  compact(room: string, snapshot: Uint8Array, replaces: readonly number[]): Promise<number>
}

/** Commits on `db` itself, on the caller's thread. */
export function inThreadWriter(db: Db): DocWriter {
  const writes = sqliteDocWrites(db)
  return {
    commit: async (batch, index) => writes.commit(batch, index),
    compact: async (room, snapshot, replaces) => writes.compact(room, snapshot, replaces),
  }
}

export function createSqliteDocStore(db: Db, writer: DocWriter = inThreadWriter(db)): DocStore {
  const selectUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq',
  )
  const selectClients = db.prepare<[string], { client_id: number; user_id: string }>(
    'SELECT client_id, user_id FROM doc_clients WHERE room = ?',
  )
  const countUpdates = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM doc_updates WHERE room = ?')

  const loadAfter = (room: string, afterSeq: number): StoredDoc => {
    const rows = selectUpdates.all(room, afterSeq)
    const clients = new Map<number, string>()
    for (const row of selectClients.all(room)) clients.set(row.client_id, row.user_id)
    return {
      updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      seqs: rows.map((r) => r.seq),
      clients,
    }
  }

  return {
    load: async (room) => loadAfter(room, 0),
    loadSince: async (room, afterSeq) => loadAfter(room, afterSeq),
    async commit(writes, index = NO_INDEX_WRITES) {
      return isEmptyCommit(writes, index) ? [] : writer.commit(writes, index)
    },
    compact: (room, snapshot, replaces) => writer.compact(room, snapshot, replaces),
    async countUpdates(room) {
      return countUpdates.get(room)?.n ?? 0
    },
  }
}
