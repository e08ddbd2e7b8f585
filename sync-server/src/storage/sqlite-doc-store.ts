// DocStore on the relay's SQLite file. better-sqlite3 is synchronous, so each call finishes its
// work before returning; the promises only keep the interface open to asynchronous stores.

import type { Db } from './database.ts'
import { BindingConflict, type DocStore, type DocWrite, type StoredDoc } from './doc-store.ts'

export function createSqliteDocStore(db: Db): DocStore {
  const selectUpdates = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_updates WHERE room = ? ORDER BY seq',
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

  const commitAll = db.transaction((writes: readonly DocWrite[], alongside: ReadonlyArray<() => void>): number[] => {
    const seqs: number[] = []
    for (const write of writes) {
      for (const [clientId, userId] of write.bind ?? []) {
        insertClient.run(write.room, clientId, userId)
        if (selectOwner.get(write.room, clientId)?.user_id !== userId) throw new BindingConflict(write.room, clientId)
      }
      seqs.push(Number(insertUpdate.run(write.room, write.update).lastInsertRowid))
    }
    for (const fn of alongside) fn()
    return seqs
  })
  const compactRoom = db.transaction((room: string, snapshot: Uint8Array, replaces: readonly number[]): number => {
    deleteRows.run(room, JSON.stringify(replaces))
    return Number(insertUpdate.run(room, snapshot).lastInsertRowid)
  })

  return {
    async load(room) {
      const rows = selectUpdates.all(room)
      const clients = new Map<number, string>()
      for (const row of selectClients.all(room)) clients.set(row.client_id, row.user_id)
      return {
        updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
        seqs: rows.map((r) => r.seq),
        clients,
      } satisfies StoredDoc
    },
    async commit(writes, alongside = []) {
      return writes.length || alongside.length ? commitAll(writes, alongside) : []
    },
    async compact(room, snapshot, replaces) {
      return compactRoom(room, snapshot, replaces)
    },
    async countUpdates(room) {
      return countUpdates.get(room)?.n ?? 0
    },
  }
}
