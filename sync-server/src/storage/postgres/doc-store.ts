// DocStore on PostgreSQL, for relays that share one database (docs/scaling.md): the same update
// log, client-id bindings and compaction as the SQLite store, with the engine's guarantees where
// several processes write at once.
// - A binding is decided by the primary key of doc_clients: when two processes bind one Yjs
//   client id to two people at once, exactly one insert wins and the other commit fails with
//   BindingConflict (its room reloads, its writer is refused).
// - A commit is a few statements whatever its size (one for all bindings, one for all updates).
// - Each commit and compaction holds a per-room advisory lock until it ends, so a room's rows
//   become visible in row-number order: a relay that has seen row n and asks `loadSince(n)`
//   can never miss a row numbered below n that was still being committed.

import { BindingConflict, type DocStore, type DocWrite, type IndexWrites, type StoredDoc } from '../doc-store.ts'
import { hasIndexWrites, writeIndex } from './index-writes.ts'
import type { PgDb, Queryable } from './pool.ts'

/** The advisory lock class of "a room's update log" (the room's hash is the other half). */
const ROOM_LOCK_CLASS = 7283

/** Takes the rooms' locks in one statement, in hash order, so that two commits never wait on each other in a circle. */
const lockRooms = async (tx: Queryable, rooms: readonly string[]) => {
  if (!rooms.length) return
  await tx.query(
    `SELECT count(pg_advisory_xact_lock($1, h)) FROM (SELECT DISTINCT hashtext(r) AS h FROM unnest($2::text[]) AS r ORDER BY h) AS keys`,
    [ROOM_LOCK_CLASS, [...new Set(rooms)]],
  )
}

const toBytes = (data: Buffer) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength)

export function createPostgresDocStore(db: PgDb): DocStore {
  /** All bindings of a commit in one statement; any id held by someone else fails the commit. */
  const bindAll = async (tx: Queryable, writes: readonly DocWrite[]) => {
    const wanted = new Map<string, { room: string; clientId: number; userId: string }>()
    for (const write of writes) {
      for (const [clientId, userId] of write.bind ?? []) {
        const key = `${clientId}\u0000${write.room}`
        const earlier = wanted.get(key)
        if (earlier && earlier.userId !== userId) throw new BindingConflict(write.room, clientId)
        wanted.set(key, { room: write.room, clientId, userId })
      }
    }
    if (!wanted.size) return
    const binds = [...wanted.values()]
    // DO UPDATE (to itself) so that RETURNING gives the row that holds each id, new or not.
    const held = await tx.query<{ room: string; client_id: string; user_id: string }>(
      `INSERT INTO doc_clients (room, client_id, user_id) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
       ON CONFLICT (room, client_id) DO UPDATE SET user_id = doc_clients.user_id
       RETURNING room, client_id, user_id`,
      [binds.map((b) => b.room), binds.map((b) => b.clientId), binds.map((b) => b.userId)],
    )
    for (const row of held.rows) {
      if (wanted.get(`${row.client_id}\u0000${row.room}`)?.userId !== row.user_id) throw new BindingConflict(row.room, Number(row.client_id))
    }
  }
  /** Inserts the updates in order; row numbers are taken in that order, so sorted they map back. */
  const insertAll = async (tx: Queryable, rooms: readonly string[], updates: readonly Uint8Array[]): Promise<number[]> => {
    const rows = await tx.query<{ seq: string }>(
      `INSERT INTO doc_updates (room, data)
       SELECT room, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(room, data, n) ORDER BY n
       RETURNING seq`,
      [rooms, updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength))],
    )
    return rows.rows.map((r) => Number(r.seq)).sort((a, b) => a - b)
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
        await bindAll(tx, writes)
        const seqs = writes.length ? await insertAll(tx, writes.map((w) => w.room), writes.map((w) => w.update)) : []
        if (index) await writeIndex(tx, index)
        return seqs
      })
    },
    async compact(room, snapshot, replaces) {
      return db.transaction(async (tx) => {
        await lockRooms(tx, [room])
        await tx.query('DELETE FROM doc_updates WHERE room = $1 AND seq = ANY($2::bigint[])', [room, [...replaces]])
        const [seq] = await insertAll(tx, [room], [snapshot])
        return seq!
      })
    },
    async countUpdates(room) {
      const row = await db.query<{ n: string }>('SELECT count(*) AS n FROM doc_updates WHERE room = $1', [room])
      return Number(row.rows[0]?.n ?? 0)
    },
  }
}
