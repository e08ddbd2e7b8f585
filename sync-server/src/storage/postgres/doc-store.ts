// DocStore on PostgreSQL, for relays that share one database (docs/scaling.md): the same update
// log, client-id bindings and compaction as the SQLite store, with the engine's guarantees where
// several processes write at once.
// - A binding is decided by the primary key of doc_clients: when two processes bind one Yjs
//   client id to two people at once, exactly one insert wins and the other commit fails with
//   BindingConflict (its room reloads, its writer is refused).
// - Each commit and compaction holds a per-room advisory lock until it ends, so a room's rows
//   become visible in row-number order: a relay that has seen row n and asks `loadSince(n)`
//   can never miss a row numbered below n that was still being committed.

import { BindingConflict, type DocStore, type DocWrite, type IndexWrites, type StoredDoc } from '../doc-store.ts'
import { hasIndexWrites, writeIndex } from './index-writes.ts'
import type { PgDb, Queryable } from './pool.ts'

/** The advisory lock class of "a room's update log" (the room's hash is the other half). */
const ROOM_LOCK_CLASS = 7283

const lockRooms = async (tx: Queryable, rooms: Iterable<string>) => {
  for (const room of [...new Set(rooms)].sort()) await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ROOM_LOCK_CLASS, room])
}

const toBytes = (data: Buffer) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength)

export function createPostgresDocStore(db: PgDb): DocStore {
  const bind = async (tx: Queryable, write: DocWrite) => {
    for (const [clientId, userId] of write.bind ?? []) {
      // DO UPDATE (to itself) so that RETURNING gives the row that holds the id either way.
      const row = await tx.query<{ user_id: string }>(
        `INSERT INTO doc_clients (room, client_id, user_id) VALUES ($1, $2, $3)
         ON CONFLICT (room, client_id) DO UPDATE SET user_id = doc_clients.user_id
         RETURNING user_id`,
        [write.room, clientId, userId],
      )
      if (row.rows[0]?.user_id !== userId) throw new BindingConflict(write.room, clientId)
    }
  }
  const insertUpdate = async (tx: Queryable, room: string, update: Uint8Array) => {
    const row = await tx.query<{ seq: string }>('INSERT INTO doc_updates (room, data) VALUES ($1, $2) RETURNING seq', [room, Buffer.from(update)])
    return Number(row.rows[0]!.seq)
  }
  const loadRows = async (room: string, afterSeq: number): Promise<StoredDoc> => {
    const [updates, clients] = await Promise.all([
      db.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, afterSeq]),
      db.query<{ client_id: string; user_id: string }>('SELECT client_id, user_id FROM doc_clients WHERE room = $1', [room]),
    ])
    return {
      updates: updates.rows.map((r) => toBytes(r.data)),
      seqs: updates.rows.map((r) => Number(r.seq)),
      clients: new Map(clients.rows.map((r) => [Number(r.client_id), r.user_id])),
    }
  }

  return {
    load: (room) => loadRows(room, 0),
    loadSince: (room: string, afterSeq: number) => loadRows(room, afterSeq),
    async commit(writes: readonly DocWrite[], index?: IndexWrites) {
      if (!writes.length && !hasIndexWrites(index)) return []
      return db.transaction(async (tx) => {
        await lockRooms(tx, writes.map((w) => w.room))
        const seqs: number[] = []
        for (const write of writes) {
          await bind(tx, write)
          seqs.push(await insertUpdate(tx, write.room, write.update))
        }
        if (index) await writeIndex(tx, index)
        return seqs
      })
    },
    async compact(room, snapshot, replaces) {
      return db.transaction(async (tx) => {
        await lockRooms(tx, [room])
        await tx.query('DELETE FROM doc_updates WHERE room = $1 AND seq = ANY($2::bigint[])', [room, [...replaces]])
        return insertUpdate(tx, room, snapshot)
      })
    },
    async countUpdates(room) {
      const row = await db.query<{ n: string }>('SELECT count(*) AS n FROM doc_updates WHERE room = $1', [room])
      return Number(row.rows[0]?.n ?? 0)
    },
  }
}
