// DocStore on PostgreSQL, for relays that share one database (docs/scaling.md): the same update
// log, client-id bindings and compaction as the SQLite store, with the engine's guarantees where
// several processes write at once. A binding is decided by the primary key of doc_clients: when
// two processes bind one Yjs client id to two people at once, exactly one insert wins and the
// other commit fails with BindingConflict (its room reloads, its writer is refused).

import type pg from 'pg'
import { BindingConflict, type DocStore, type DocWrite, type StoredDoc } from '../doc-store.ts'

export const DOC_SCHEMA = `
CREATE TABLE IF NOT EXISTS doc_updates (
  seq BIGSERIAL PRIMARY KEY,
  room TEXT NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_by_room ON doc_updates (room, seq);
CREATE TABLE IF NOT EXISTS doc_clients (
  room TEXT NOT NULL,
  client_id BIGINT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (room, client_id)
);
`

export function createPostgresDocStore(pool: pg.Pool): DocStore {
  const inTransaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  const bind = async (client: pg.PoolClient, write: DocWrite) => {
    for (const [clientId, userId] of write.bind ?? []) {
      const row = await client.query<{ user_id: string }>(
        `INSERT INTO doc_clients (room, client_id, user_id) VALUES ($1, $2, $3)
         ON CONFLICT (room, client_id) DO UPDATE SET user_id = doc_clients.user_id
         RETURNING user_id`,
        [write.room, clientId, userId],
      )
      if (row.rows[0]?.user_id !== userId) throw new BindingConflict(write.room, clientId)
    }
  }

  return {
    async load(room) {
      const [updates, clients] = await Promise.all([
        pool.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE room = $1 ORDER BY seq', [room]),
        pool.query<{ client_id: string; user_id: string }>('SELECT client_id, user_id FROM doc_clients WHERE room = $1', [room]),
      ])
      return {
        updates: updates.rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
        seqs: updates.rows.map((r) => Number(r.seq)),
        clients: new Map(clients.rows.map((r) => [Number(r.client_id), r.user_id])),
      } satisfies StoredDoc
    },
    async commit(writes, alongside = []) {
      if (alongside.length) throw new Error('the PostgreSQL store takes no SQLite side writes')
      if (!writes.length) return []
      return inTransaction(async (client) => {
        const seqs: number[] = []
        for (const write of writes) {
          await bind(client, write)
          const row = await client.query<{ seq: string }>('INSERT INTO doc_updates (room, data) VALUES ($1, $2) RETURNING seq', [write.room, Buffer.from(write.update)])
          seqs.push(Number(row.rows[0]!.seq))
        }
        return seqs
      })
    },
    async compact(room, snapshot, replaces) {
      return inTransaction(async (client) => {
        await client.query('DELETE FROM doc_updates WHERE room = $1 AND seq = ANY($2::bigint[])', [room, replaces])
        const row = await client.query<{ seq: string }>('INSERT INTO doc_updates (room, data) VALUES ($1, $2) RETURNING seq', [room, Buffer.from(snapshot)])
        return Number(row.rows[0]!.seq)
      })
    },
    async countUpdates(room) {
      const row = await pool.query<{ n: string }>('SELECT count(*) AS n FROM doc_updates WHERE room = $1', [room])
      return Number(row.rows[0]?.n ?? 0)
    },
  }
}
