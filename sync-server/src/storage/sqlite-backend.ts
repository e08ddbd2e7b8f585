// The embedded backend: every store on one SQLite file in the data folder (better-sqlite3, WAL).
// Taking the data lock is the caller's job (server.ts takes it; CLI commands share the file).

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

export interface SqliteBackend extends Backend {
  readonly kind: 'sqlite'
  /** The open file, for what only SQLite has (backup, the records import's scratch table, metrics of the file). */
  readonly db: Db
}

/** Opens (creating and migrating) `<dataDir>/parley.db` and builds every store on it. */
export function openSqliteBackend(
  config: Pick<Config, 'dataDir' | 'sqliteSynchronous' | 'scryptCost' | 'sessionTtlHours'>,
  log: Pick<Logger, 'info'>,
): SqliteBackend {
  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous, log: (message, fields) => log.info(fields, message) })
  return sqliteBackendOn(db, config)
}

/** Every store on a database that is open already (tests, and the CLI's migration log). */
export function sqliteBackendOn(db: Db, config: Pick<Config, 'scryptCost' | 'sessionTtlHours'>): SqliteBackend {
  let closed = false
  return {
    kind: 'sqlite',
    db,
    accounts: createSqliteAccounts(db, { scryptCost: config.scryptCost }),
    sessions: createSessions(db, { ttlHours: config.sessionTtlHours }),
    chats: createSqliteChatIndex(db),
    pendingRows: createSqlitePendingInboxRows(db),
    docs: createSqliteDocStore(db),
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
      db.close()
    },
  }
}

/** True for the SQLite backend, whose file some callers (metrics, tests, backup) reach directly. */
export const isSqliteBackend = (backend: Backend): backend is SqliteBackend => backend.kind === 'sqlite' && 'db' in backend
