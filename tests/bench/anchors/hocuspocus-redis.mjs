// The Hocuspocus scale-out anchor: one of several @hocuspocus/server processes joined by its Redis
// extension, as its documentation sets them up for more than one instance, each storing documents
// in one shared PostgreSQL table through the Database extension (the full state per store, as its
// documentation's examples do). No Throttle extension; every other option at its default (stores
// debounced by 2 s, at most 10 s). Env: PORT (required), HOST (default 127.0.0.1),
// DATABASE_URL (postgres://…), REDIS_URL (redis://host:port).

import { Server } from '@hocuspocus/server'
import { Database } from '@hocuspocus/extension-database'
import { Redis } from '@hocuspocus/extension-redis'
import pg from 'pg'

const redis = new URL(process.env.REDIS_URL)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 })
try {
  await pool.query('CREATE TABLE IF NOT EXISTS hocuspocus_documents (name TEXT PRIMARY KEY, data BYTEA NOT NULL)')
} catch (err) {
  // Processes starting at once may race to create it: the loser finds it made (23505, 42P07).
  if (err.code !== '23505' && err.code !== '42P07') throw err
}

const server = new Server({
  port: Number(process.env.PORT),
  address: process.env.HOST || '127.0.0.1',
  quiet: true,
  extensions: [
    new Redis({ host: redis.hostname, port: Number(redis.port) }),
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query('SELECT data FROM hocuspocus_documents WHERE name = $1', [documentName])
        return rows[0]?.data ?? null
      },
      store: async ({ documentName, state }) => {
        await pool.query(
          'INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data',
          [documentName, state],
        )
      },
    }),
  ],
})
await server.listen()
console.log(`hocuspocus (redis) on ${server.webSocketURL}`)
