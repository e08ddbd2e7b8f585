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

/** The connection pool now: what an operator sizes PARLEY_DATABASE_URL's server and pool by. */
export interface PoolClients {
  /** Connections open (busy and idle). */
  open: number
  idle: number
  /** Queries queued for a connection because all `max` are busy. */
  waiting: number
  /** Connections this process may open at most. */
  max: number
}

export interface PostgresBackend extends Backend {
  readonly kind: 'postgres'
  poolClients(): PoolClients
}

/** True for the PostgreSQL backend, whose pool the metrics report. */
export const isPostgresBackend = (backend: Backend): backend is PostgresBackend => backend.kind === 'postgres' && 'poolClients' in backend

export interface PostgresBackendOptions {
  /** scrypt N for new password hashes (config.scryptCost). */
  scryptCost: number
  sessionTtlHours: number
  log: Logger
  /** Connections this process keeps at most. */
  poolSize?: number
  /** Longest a statement may run before the server cancels it (config.pgStatementTimeoutMs); 0 or absent: no limit. */
  statementTimeoutMs?: number
}

/** node-postgres' default, which openPool keeps. */
const DEFAULT_POOL_SIZE = 10

/**
 * Connects to `url`, migrates it, and returns the Backend on it. Rejects when the database cannot
 * be reached or was migrated by a newer Parley.
 * @example const backend = await openPostgresBackend('postgres://parley@db/parley', { scryptCost, sessionTtlHours, log })
 */
export async function openPostgresBackend(url: string, options: PostgresBackendOptions): Promise<PostgresBackend> {
  const log = options.log.child({ module: 'postgres' })
  const max = options.poolSize ?? DEFAULT_POOL_SIZE
  const db = openPool(url, { log, max, statementTimeoutMs: options.statementTimeoutMs ?? 0 })
  try {
    await migratePostgres(db, { log: (message, fields) => log.info(fields, message) })
  } catch (err) {
    await db.end()
    throw err
  }
  const accounts = createPostgresAccounts(db, { scryptCost: options.scryptCost })
  return {
    kind: 'postgres' as const,
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
    poolClients: () => ({ open: db.pool.totalCount, idle: db.pool.idleCount, waiting: db.pool.waitingCount, max }),
    close: () => db.end(),
  }
}
