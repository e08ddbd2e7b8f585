// The embedded backend: every store on one SQLite file in the data folder (better-sqlite3, WAL).
// Taking the data lock is the caller's job (server.ts takes it; CLI commands share the file). A
// relay's backend commits documents on a storage worker (sqlite-write-thread.ts); the CLI's and
// the tests' commit on the one connection.

import { availableParallelism } from 'node:os'
import { createSessions } from '../accounts/sessions.ts'
import { createSqliteSyncTickets } from '../accounts/sync-tickets.ts'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { createSqliteChatIndex } from '../chats/chat-index.ts'
import { createSqlitePendingInboxRows } from '../chats/pending-inbox-rows.ts'
import type { Config } from '../config.ts'
import { createHostPeople } from '../host/host-people.ts'
import type { Logger } from '../log.ts'
import { createSqliteRecordStore } from '../records/record-store.ts'
import { createSqliteDirectory } from '../records/sqlite-directory.ts'
import type { Backend } from './backend.ts'
import { openDatabase, SCHEMA_VERSION, schemaVersion, type Db } from './database.ts'
import { createSqliteDocStore } from './sqlite-doc-store.ts'
import { startWriteThread, type SqliteWriteThread } from './sqlite-write-thread.ts'

export interface SqliteBackend extends Backend {
  readonly kind: 'sqlite'
  /** The open file, for what only SQLite has (backup, the records import's scratch table, metrics of the file). */
  readonly db: Db
  /** The storage worker that commits documents, when this backend has one (a running relay). */
  readonly writeThread?: SqliteWriteThread
}

/**
 * Opens (creating and migrating) `<dataDir>/parley.db` and builds every store on it, with a
 * storage worker for the document commits and the WAL checkpoints (this connection, the relay's
 * thread, then never checkpoints), unless PARLEY_SQLITE_STORAGE_WORKER is off (or `auto` on one core).
 */
/**
 * Whether to commit on a storage worker. `auto`: when this process may run on two cores or more
 * (`availableParallelism` follows the CPU affinity, so a relay pinned to one core commits on its
 * own thread): on one core the worker's thread hops cost more than the stalls they remove.
 */
export const usesStorageWorker = (setting: 'auto' | boolean, cores = availableParallelism()): boolean =>
  setting === 'auto' ? cores >= 2 : setting

export function openSqliteBackend(
  config: Pick<Config, 'dataDir' | 'sqliteSynchronous' | 'sqliteStorageWorker' | 'sqliteCheckpointMs' | 'sqliteWalLimitMb' | 'scryptCost' | 'sessionTtlHours'>,
  log: Pick<Logger, 'info'>,
): SqliteBackend {
  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous, log: (message, fields) => log.info(fields, message) })
  if (!usesStorageWorker(config.sqliteStorageWorker)) return sqliteBackendOn(db, config)
  db.pragma('wal_autocheckpoint = 0')
  const writeThread = startWriteThread({
    file: db.name,
    synchronous: config.sqliteSynchronous,
    checkpoints: { everyMs: config.sqliteCheckpointMs, walBoundBytes: config.sqliteWalLimitMb * 1024 * 1024 },
  })
  return sqliteBackendOn(db, config, writeThread)
}

/**
 * Every store on a database that is open already (tests, and the CLI's migration log); document
 * writes go to `writeThread` when given, else they commit on `db`.
 */
export function sqliteBackendOn(db: Db, config: Pick<Config, 'scryptCost' | 'sessionTtlHours'>, writeThread?: SqliteWriteThread): SqliteBackend {
  let closed = false
  return {
    kind: 'sqlite',
    db,
    ...(writeThread ? { writeThread } : {}),
    accounts: createSqliteAccounts(db, { scryptCost: config.scryptCost }),
    sessions: createSessions(db, { ttlHours: config.sessionTtlHours }),
    chats: createSqliteChatIndex(db),
    pendingRows: createSqlitePendingInboxRows(db),
    docs: createSqliteDocStore(db, writeThread),
    recordStore: createSqliteRecordStore(db),
    recordDirectory: (options) => createSqliteDirectory(db, options),
    hostPeople: createHostPeople(db),
    syncTickets: (options) => createSqliteSyncTickets(db, options),
    async problem() {
      try {
        const version = schemaVersion(db)
        return version === SCHEMA_VERSION ? null : `the database schema is at version ${version}, this relay needs ${SCHEMA_VERSION}`
      } catch (err) {
        return `the database does not answer: ${err instanceof Error ? err.message : String(err)}`
      }
    },
    async close() {
      if (closed) return
      closed = true
      // The worker answers what it was sent and empties the WAL before the file is closed (and,
      // after this, the data lock released).
      await writeThread?.close()
      db.close()
    },
  }
}

/** True for the SQLite backend, whose file some callers (metrics, tests, backup) reach directly. */
export const isSqliteBackend = (backend: Backend): backend is SqliteBackend => backend.kind === 'sqlite' && 'db' in backend
