// Everything durable on one PostgreSQL database (PARLEY_DATABASE_URL): opens the pool, migrates
// the schema under the migration lock (migrate.ts), and bundles the PostgreSQL stores as the
// relay's Backend. Several relays open the same database; each change that must have one winner
// is decided by the database (keys, advisory locks), never by a process's memory.

import type { Logger } from '../../log.ts'
import type { Backend } from '../backend.ts'
import { createPostgresAccounts } from './accounts.ts'
import { createPostgresChatIndex, createPostgresPendingInboxRows } from './chat-index.ts'
import { createPostgresDocStore } from './doc-store.ts'
import { createPostgresHostPeople } from './host-people.ts'
import { migratePostgres, pgSchemaVersion } from './migrate.ts'
import { openPool } from './pool.ts'
import { createPostgresRecordDirectory } from './record-directory.ts'
import { createPostgresRecordStore } from './record-store.ts'
import { createPostgresSessions } from './sessions.ts'
import { createPostgresSyncTickets } from './sync-tickets.ts'
import { PG_SCHEMA_VERSION } from './schema.ts'
import type { UrlTemplates } from '../../records/url-template.ts'

export interface PostgresBackendOptions {
  /** scrypt N for new password hashes (config.scryptCost). */
  scryptCost: number
  sessionTtlHours: number
  log: Logger
  /** Connections this process keeps at most. */
  poolSize?: number
}

/**
 * Connects to `url`, migrates it, and returns the Backend on it. Rejects when the database cannot
 * be reached or was migrated by a newer Parley.
 * @example const backend = await openPostgresBackend('postgres://parley@db/parley', { scryptCost, sessionTtlHours, log })
 */
export async function openPostgresBackend(url: string, options: PostgresBackendOptions): Promise<Backend> {
  const log = options.log.child({ module: 'postgres' })
  const db = openPool(url, { log, ...(options.poolSize ? { max: options.poolSize } : {}) })
  try {
    await migratePostgres(db, { log: (message, fields) => log.info(fields, message) })
  } catch (err) {
    await db.end()
    throw err
  }
  const accounts = createPostgresAccounts(db, { scryptCost: options.scryptCost })
  return {
    kind: 'postgres',
    accounts,
    sessions: createPostgresSessions(db, { ttlHours: options.sessionTtlHours }),
    chats: createPostgresChatIndex(db),
    pendingRows: createPostgresPendingInboxRows(db),
    docs: createPostgresDocStore(db),
    recordStore: createPostgresRecordStore(db),
    recordDirectory: ({ urls }: { urls: UrlTemplates }) => createPostgresRecordDirectory(db, { urls }),
    hostPeople: createPostgresHostPeople(db),
    syncTickets: (ticketOptions) => createPostgresSyncTickets(db, ticketOptions),
    async problem() {
      try {
        const version = await pgSchemaVersion(db)
        if (version === PG_SCHEMA_VERSION) return null
        return `the database is at schema version ${version}, this relay expects ${PG_SCHEMA_VERSION}`
      } catch (err) {
        return `the database does not answer: ${(err as Error).message}`
      }
    },
    close: () => db.end(),
  }
}
