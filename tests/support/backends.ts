// The storage backends a contract suite runs its cases against: SQLite (a file in a temp folder,
// opened as the relay opens it, with its storage worker committing documents) and PostgreSQL (a real server on a free port, tests/support/services.ts). Each can open a second
// bundle on the same data, as a second relay process would (a second SQLite connection, a second
// PostgreSQL pool), so that cases can race two writers.

import fs from 'node:fs'
import pg from 'pg'
import { createLogger } from '../../sync-server/src/log.ts'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { openPostgresBackend } from '../../sync-server/src/storage/postgres/backend.ts'
import { isSqliteBackend, openSqliteBackend } from '../../sync-server/src/storage/sqlite-backend.ts'
import { tempDir } from './relay.ts'
import { startPostgres, type Service } from './services.ts'

export interface BundleOptions {
  /** Hours a new session lasts (0: it is expired at once). */
  sessionTtlHours?: number
}

export interface BackendUnderTest {
  readonly name: 'SQLite' | 'PostgreSQL'
  /** A bundle on this backend's data (the first call creates the data). Every bundle is closed by `close`. */
  open(options?: BundleOptions): Promise<Backend>
  /** The rows of one SELECT on the stored data, as the engine returns them (to see what is kept). */
  rows(sql: string): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

/** Cheap hashes: the cost travels in each hash, so tests need not pay production's. */
const SCRYPT_COST = 1024
const quiet = createLogger('silent')

export function sqliteUnderTest(): BackendUnderTest {
  const dir = tempDir('parley-contract-')
  const opened: Backend[] = []
  return {
    name: 'SQLite',
    async open(options = {}) {
      const config = { dataDir: dir, sqliteSynchronous: 'normal', sqliteStorageWorker: true, sqliteCheckpointMs: 1000, sqliteWalLimitMb: 64 } as const
      const backend = openSqliteBackend({ ...config, scryptCost: SCRYPT_COST, sessionTtlHours: options.sessionTtlHours ?? 1 }, quiet)
      opened.push(backend)
      return backend
    },
    async rows(sql) {
      const first = opened[0] ?? (await this.open())
      if (!isSqliteBackend(first)) throw new Error('the SQLite bundle has no file')
      return first.db.prepare(sql).all() as Record<string, unknown>[]
    },
    async close() {
      for (const backend of opened) await backend.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function postgresUnderTest(): BackendUnderTest {
  let server: Promise<Service> | undefined
  const opened: Backend[] = []
  return {
    name: 'PostgreSQL',
    async open(options = {}) {
      server ??= startPostgres()
      const backend = await openPostgresBackend((await server).url, { scryptCost: SCRYPT_COST, sessionTtlHours: options.sessionTtlHours ?? 1, log: quiet })
      opened.push(backend)
      return backend
    },
    async rows(sql) {
      server ??= startPostgres()
      const client = new pg.Client({ connectionString: (await server).url })
      await client.connect()
      try {
        return (await client.query(sql)).rows as Record<string, unknown>[]
      } finally {
        await client.end()
      }
    },
    async close() {
      for (const backend of opened) await backend.close()
      if (server) await (await server).remove()
    },
  }
}

/** Both backends, for `for (const make of BACKENDS) describe(...)`. */
export const BACKENDS = [sqliteUnderTest, postgresUnderTest] as const

/** An inbox row as chat indexing writes it; `text` tells versions of one chat's row apart. */
export function inboxRow(chatId: string, text: string) {
  return {
    chatId,
    members: ['a', 'b'],
    startedBy: 'a',
    startedAt: 1000,
    lastMessage: { id: `m-${text}`, author: 'a', text, at: 1500 },
    messageCount: 1,
    fromOthers: 1,
    unread: 1,
  }
}
