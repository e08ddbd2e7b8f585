// Brings a PostgreSQL database's schema up to this code's version. Every relay runs it at start;
// a transaction-scoped advisory lock makes the first one migrate while the others wait, then
// find nothing to do. The version lives in a one-row table, schema_version.

import type { MigrationLog } from '../migrate.ts'
import type { PgDb, Queryable } from './pool.ts'
import { PG_MIGRATIONS } from './schema.ts'
import { describeMigration } from '../migrate.ts'

/** Any 64-bit number all Parley processes agree on: "the schema is being migrated". */
const MIGRATION_LOCK = 7_283_915_004_117

/** The database was migrated by a newer Parley: this code must not touch it. */
export class PostgresTooNewError extends Error {
  override name = 'PostgresTooNewError'
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`The PostgreSQL database is at schema version ${found}, but this Parley knows versions up to ${known}: a newer Parley has used it. Run that newer version.`)
  }
}

/** The schema version of the database, 0 when Parley never migrated it. */
export async function pgSchemaVersion(db: Queryable): Promise<number> {
  const table = await db.query<{ found: string | null }>(`SELECT to_regclass('schema_version')::text AS found`)
  if (!table.rows[0]?.found) return 0
  const row = await db.query<{ version: number }>('SELECT version FROM schema_version WHERE id = 1')
  return row.rows[0]?.version ?? 0
}

/** Runs the steps the database has not had, under the migration lock. Throws PostgresTooNewError past the last one. */
export async function migratePostgres(db: PgDb, options: { log?: MigrationLog; migrations?: readonly string[] } = {}): Promise<void> {
  const log = options.log ?? (() => {})
  const migrations = options.migrations ?? PG_MIGRATIONS
  const started = performance.now()
  const from = await db.transaction(async (tx) => {
    // A step may rewrite a big table, and the relays that start meanwhile wait for the lock:
    // neither is bounded by the pool's statement timeout.
    await tx.query('SET LOCAL statement_timeout = 0')
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query('CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)')
    await tx.query('INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING')
    const version = await pgSchemaVersion(tx)
    if (version > migrations.length) throw new PostgresTooNewError(version, migrations.length)
    for (let step = version; step < migrations.length; step++) {
      log('migrating the database schema', { event: 'migration', from: step, to: step + 1, does: describeMigration(migrations[step]!) })
      await tx.query(migrations[step]!)
      await tx.query('UPDATE schema_version SET version = $1 WHERE id = 1', [step + 1])
    }
    return version
  })
  if (from < migrations.length) {
    log('the database schema is up to date', { event: 'migrated', from, to: migrations.length, ms: Math.round(performance.now() - started) })
  }
}
