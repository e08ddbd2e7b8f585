// Opens the backend the configuration names: PostgreSQL when PARLEY_DATABASE_URL is set (shared
// by any number of relays, so no folder lock), else the SQLite file in PARLEY_DATA_DIR under the
// data lock (one relay per folder; a second one is refused, saying which process holds it).

import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import type { Backend } from './backend.ts'
import { acquireDataLock } from './data-lock.ts'
import { openPostgresBackend } from './postgres/backend.ts'
import { openSqliteBackend } from './sqlite-backend.ts'

export interface OpenedBackend {
  backend: Backend
  /** Closes the backend and releases what guarded it. */
  release(): Promise<void>
}

export async function openBackend(config: Config, log: Logger): Promise<OpenedBackend> {
  const storageLog = log.child({ module: 'storage' })
  if (config.databaseUrl) {
    const backend = await openPostgresBackend(config.databaseUrl, {
      scryptCost: config.scryptCost,
      sessionTtlHours: config.sessionTtlHours,
      log: storageLog,
      statementTimeoutMs: config.pgStatementTimeoutMs,
    })
    return { backend, release: () => backend.close() }
  }
  // One relay per data folder; `parley restore` checks this lock before replacing the file.
  const lock = acquireDataLock(config.dataDir, 'relay')
  try {
    const backend = openSqliteBackend(config, storageLog)
    return {
      backend,
      async release() {
        await backend.close()
        lock.release()
      },
    }
  } catch (err) {
    lock.release()
    throw err
  }
}
