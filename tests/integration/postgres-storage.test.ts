// What only the PostgreSQL backend has: migrations that three relays start at once run once, a
// database a newer Parley migrated is refused, and a database that goes away makes calls fail
// promptly as "storage unavailable" (never crashing the process) until it returns by itself.

import pg from 'pg'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../sync-server/src/log.ts'
import { openPostgresBackend } from '../../sync-server/src/storage/postgres/backend.ts'
import { migratePostgres, PostgresTooNewError } from '../../sync-server/src/storage/postgres/migrate.ts'
import { openPool } from '../../sync-server/src/storage/postgres/pool.ts'
import { PG_SCHEMA_VERSION } from '../../sync-server/src/storage/postgres/schema.ts'
import { isStorageUnavailable, UnstorableTextError } from '../../sync-server/src/storage/storage-failure.ts'
import { startPostgres, type Service } from '../support/services.ts'
import { waitFor } from '../support/wait.ts'

const quiet = createLogger('silent')
const options = { scryptCost: 1024, sessionTtlHours: 1, log: quiet }

describe('PostgreSQL storage', { timeout: 120_000 }, () => {
  let server: Service
  beforeAll(async () => {
    server = await startPostgres()
  }, 60_000)
  afterAll(() => server.remove())

  it('runs the migrations once when three processes start at once', async () => {
    const dbs = [0, 1, 2].map(() => openPool(server.url))
    const steps: unknown[] = []
    try {
      await Promise.all(dbs.map((db) => migratePostgres(db, { log: (message, fields) => fields['event'] === 'migration' && steps.push(fields) })))
      expect(steps).toHaveLength(PG_SCHEMA_VERSION)
      const version = await dbs[0]!.query<{ version: number }>('SELECT version FROM schema_version')
      expect(version.rows).toEqual([{ version: PG_SCHEMA_VERSION }])
      // Starting again finds nothing to do.
      await migratePostgres(dbs[1]!, { log: (message, fields) => fields['event'] === 'migration' && steps.push(fields) })
      expect(steps).toHaveLength(PG_SCHEMA_VERSION)
    } finally {
      for (const db of dbs) await db.end()
    }
  })

  it('refuses a database a newer Parley migrated, and says so in problem()', async () => {
    const backend = await openPostgresBackend(server.url, options)
    expect(await backend.problem()).toBeNull()
    const admin = new pg.Client({ connectionString: server.url })
    await admin.connect()
    try {
      await admin.query('UPDATE schema_version SET version = version + 1')
      expect(await backend.problem()).toMatch(/schema version/)
      await expect(openPostgresBackend(server.url, options)).rejects.toBeInstanceOf(PostgresTooNewError)
    } finally {
      await admin.query('UPDATE schema_version SET version = version - 1')
      await admin.end()
      await backend.close()
    }
  })

  it('fails calls promptly as storage unavailable while the database is down, and works again when it returns', async () => {
    const backend = await openPostgresBackend(server.url, options)
    try {
      const org = await backend.accounts.createOrg('Outage')
      const room = 'chat/outage'
      await backend.docs.commit([{ room, update: new Uint8Array([1]) }])
      await server.stop()
      const started = performance.now()
      const failures = await Promise.allSettled([
        backend.docs.commit([{ room, update: new Uint8Array([2]) }]),
        backend.docs.load(room),
        backend.accounts.orgById(org.id),
        backend.sessions.changeSeq(),
      ])
      expect(performance.now() - started).toBeLessThan(10_000)
      for (const failure of failures) {
        expect(failure.status).toBe('rejected')
        expect(failure.status === 'rejected' && isStorageUnavailable(failure.reason), String(failure.status === 'rejected' && failure.reason)).toBe(true)
      }
      expect(await backend.problem()).toMatch(/does not answer/)
      await server.start()
      await waitFor(async () => (await backend.problem()) === null, 'the database answering again')
      await backend.docs.commit([{ room, update: new Uint8Array([3]) }])
      expect((await backend.docs.load(room)).updates.map((u) => [...u])).toEqual([[1], [3]])
    } finally {
      await backend.close()
    }
  })
  it('survives the server dropping idle connections: the pool logs it and opens new ones', async () => {
    const lines: string[] = []
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) })
    const db = openPool(server.url, { log })
    try {
      await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')))
      expect(db.pool.idleCount).toBe(3)
      await server.stop()
      await waitFor(() => db.pool.totalCount === 0, 'the pool dropping its dead connections')
      expect(lines.some((line) => line.includes('a PostgreSQL connection failed'))).toBe(true)
      await server.start()
      await waitFor(async () => (await db.query<{ one: number }>('SELECT 1 AS one').catch(() => null))?.rows[0]?.one === 1, 'a new connection')
    } finally {
      await db.end()
    }
  })
  it('cancels a statement that runs past the statement timeout, as storage unavailable, and keeps the pool usable', async () => {
    const db = openPool(server.url, { statementTimeoutMs: 200 })
    try {
      const started = performance.now()
      const failure = await db.query('SELECT pg_sleep(5)').then(() => null, (error: unknown) => error)
      expect(isStorageUnavailable(failure), String(failure)).toBe(true)
      expect(performance.now() - started).toBeLessThan(4000)
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    } finally {
      await db.end()
    }
  })
  it('runs a migration step longer than the statement timeout', async () => {
    const admin = openPool(server.url)
    const database = `slow_steps_${process.pid}`
    await admin.query(`CREATE DATABASE ${database}`)
    const url = new URL(server.url)
    url.pathname = `/${database}`
    const db = openPool(url.toString(), { statementTimeoutMs: 100 })
    try {
      await migratePostgres(db, { migrations: ['SELECT pg_sleep(0.5)'] })
      expect((await db.query<{ version: number }>('SELECT version FROM schema_version')).rows).toEqual([{ version: 1 }])
    } finally {
      await db.end()
      await admin.query(`DROP DATABASE ${database}`)
      await admin.end()
    }
  })
  it('reports text with a NUL character as unstorable text, which the API answers with 400', async () => {
    const db = openPool(server.url)
    try {
      const failure = await db.query('SELECT $1::text AS t', ['a\0b']).then(() => null, (error: unknown) => error)
      expect(failure).toBeInstanceOf(UnstorableTextError)
    } finally {
      await db.end()
    }
  })
})
