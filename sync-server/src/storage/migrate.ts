// Brings a database's schema up to this code's version, one logged step at a time, after copying
// the database aside (the first migration of an upgrade; a new, empty database needs none), and
// refuses a database that a newer Parley has already migrated past what this code knows.

import fs from 'node:fs'
import path from 'node:path'
import type { Db } from './database.ts'

/** The database was written by a newer Parley: this code must not touch it. */
export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError'
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `${file} is at schema version ${found}, but this Parley knows versions up to ${known}: a newer Parley has used it. ` +
        'Run that newer version, or restore a backup taken before the upgrade (see docs/operations.md).',
    )
  }
}

/** Where migration steps are reported: a message and its fields (the relay's logger, the CLI's stderr). */
export type MigrationLog = (message: string, fields: Record<string, unknown>) => void

export interface MigrateOptions {
  /** Folder for the copy taken before an upgrade (`<dataDir>/backups`). */
  backupDir: string
  log?: MigrationLog
  clock?: () => number
}

/** "create table records, create index records_by_label, …": what a migration's SQL does, for the log. */
export function describeMigration(sql: string): string {
  const steps = [...sql.matchAll(/\b(CREATE (?:VIRTUAL )?TABLE|CREATE (?:UNIQUE )?INDEX|CREATE TRIGGER|ALTER TABLE|DROP (?:TABLE|INDEX|TRIGGER)|INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)/gi)]
  return steps.map((m) => `${m[1]!.toLowerCase()} ${m[2]}`).join(', ') || 'no schema change'
}

const versionOf = (db: Db) => db.pragma('user_version', { simple: true }) as number

/** Runs the migrations `db` has not had yet. Throws DatabaseTooNewError past the last one. */
export function migrate(db: Db, migrations: readonly string[], options: MigrateOptions): void {
  const log = options.log ?? (() => {})
  const clock = options.clock ?? Date.now
  const from = versionOf(db)
  if (from > migrations.length) throw new DatabaseTooNewError(db.name, from, migrations.length)
  if (from === migrations.length) return

  if (from > 0) {
    fs.mkdirSync(options.backupDir, { recursive: true })
    const stamp = new Date(clock()).toISOString().replace(/[:.]/g, '-')
    const copy = path.join(options.backupDir, `parley-schema-${from}-${stamp}.db`)
    // VACUUM INTO writes one consistent, compacted copy, synchronously, before anything changes.
    db.prepare('VACUUM INTO ?').run(copy)
    log('copied the database before upgrading its schema', { event: 'migration_backup', from, to: migrations.length, file: copy })
  }
  const started = performance.now()
  for (let version = from; version < migrations.length; version++) {
    // IMMEDIATE, with the version read again inside: a relay and the CLI opening the same old
    // file at once must not both run a step.
    db.transaction(() => {
      if (versionOf(db) !== version) return
      log('migrating the database schema', { event: 'migration', from: version, to: version + 1, does: describeMigration(migrations[version]!) })
      db.exec(migrations[version]!)
      const dangling = db.pragma('foreign_key_check') as unknown[]
      if (dangling.length > 0) throw new Error(`migration ${version + 1} leaves ${dangling.length} dangling references`)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
  log('the database schema is up to date', { event: 'migrated', from, to: migrations.length, ms: Math.round(performance.now() - started) })
}
