// The real servers the scale-out tests run on: PostgreSQL (as the postgres user) and Redis, each
// on a free port in a temporary folder, answering, stopping and starting again.

import { Redis } from 'ioredis'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { startPostgres, startRedis } from '../support/services.ts'

describe('test services', () => {
  it('starts PostgreSQL, which answers, stops and starts again with its data', { timeout: 60_000 }, async () => {
    const server = await startPostgres()
    try {
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      await client.query('CREATE TABLE t (n int)')
      await client.query('INSERT INTO t VALUES (42)')
      await client.end()
      await server.stop()
      await server.start()
      const again = new pg.Client({ connectionString: server.url })
      await again.connect()
      expect((await again.query('SELECT n FROM t')).rows).toEqual([{ n: 42 }])
      await again.end()
    } finally {
      await server.remove()
    }
  })

  it('starts Redis, which answers', async () => {
    const server = await startRedis()
    try {
      const redis = new Redis(server.url)
      await redis.set('k', 'v')
      expect(await redis.get('k')).toBe('v')
      redis.disconnect()
    } finally {
      await server.remove()
    }
  })
})
