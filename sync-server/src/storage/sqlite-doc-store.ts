// DocStore on the relay's SQLite file. better-sqlite3 is synchronous, so each call finishes its
// work before returning; the promises only keep the interface open to asynchronous stores.

import type { Db } from './database.ts'
import { BindingConflict, NO_INDEX_WRITES, hasIndexWrites, type DocStore, type DocWrite, type IndexWrites, type StoredDoc } from './doc-store.ts'
import { sqliteIndexWriter } from './sqlite-index-writer.ts'

export function createSqliteDocStore(db: Db): DocStore {
  const selectUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq',
  )
  const selectClients = db.prepare<[string], { client_id: number; user_id: string }>(
    'SELECT client_id, user_id FROM doc_clients WHERE room = ?',
  )
  const insertUpdate = db.prepare<[string, Uint8Array]>('INSERT INTO doc_updates (room, data) VALUES (?, ?)')
  const insertClient = db.prepare<[string, number, string]>(
    'INSERT OR IGNORE INTO doc_clients (room, client_id, user_id) VALUES (?, ?, ?)',
  )
  const selectOwner = db.prepare<[string, number], { user_id: string }>('SELECT user_id FROM doc_clients WHERE room = ? AND client_id = ?')
  const deleteRows = db.prepare<[string, string]>('DELETE FROM doc_updates WHERE room = ? AND seq IN (SELECT value FROM json_each(?))')
  const countUpdates = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM doc_updates WHERE room = ?')
  const writeIndex = sqliteIndexWriter(db)

  const commitAll = db.transaction((writes: readonly DocWrite[], index: IndexWrites): number[] => {
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
  const compactRoom = db.transaction((room: string, snapshot: Uint8Array, replaces: readonly number[]): number => {
    deleteRows.run(room, JSON.stringify(replaces))
    return Number(insertUpdate.run(room, snapshot).lastInsertRowid)
  })

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
      return !writes.length && !hasIndexWrites(index) ? [] : commitAll(writes, index)
    },
    async compact(room, snapshot, replaces) {
      return compactRoom(room, snapshot, replaces)
    },
    async countUpdates(room) {
      return countUpdates.get(room)?.n ?? 0
    },
  }
}
