// The backend a CLI command acts on, as the relay would open it: PostgreSQL when
// PARLEY_DATABASE_URL is set, else the SQLite file in PARLEY_DATA_DIR. The CLI takes no data lock
// (it shares the file with a running relay, as SQLite allows), and says on stderr when it
// upgrades a database's schema, which creating a new one is not.

import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { Config } from '../config.ts'
import type { Backend } from '../storage/backend.ts'
import { openDatabase } from '../storage/database.ts'
import type { MigrationLog } from '../storage/migrate.ts'
import { openPostgresBackend } from '../storage/postgres/backend.ts'
import { sqliteBackendOn } from '../storage/sqlite-backend.ts'
import type { Print } from './commands.ts'

export async function openCliBackend(config: Config, err: Print): Promise<Backend> {
  if (config.databaseUrl) {
    // Migrations and pool troubles, one line each on stderr: the relay's JSON log is not the CLI's.
    const tell = migrationLog(err)
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const { msg, level: _level, time: _time, module: _module, ...fields } = JSON.parse(chunk.toString()) as Record<string, unknown>
        tell(String(msg ?? ''), fields)
        done()
      },
    })
    return openPostgresBackend(config.databaseUrl, { scryptCost: config.scryptCost, sessionTtlHours: config.sessionTtlHours, log: pino({ level: 'info', base: null }, sink), poolSize: 2 })
  }
  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous, log: migrationLog(err) })
  return sqliteBackendOn(db, config)
}

/** Upgrades of an existing database are told on stderr; creating a new one is not news. */
const migrationLog = (err: Print): MigrationLog => {
  let creating = false
  return (message, fields) => {
    creating ||= fields.event === 'migration' && fields.from === 0
    const news = fields.event === 'migration' || fields.event === 'migrated' || fields.event === 'migration_backup'
    if (!creating || !news) err(`${message}: ${JSON.stringify(fields)}`)
  }
}
