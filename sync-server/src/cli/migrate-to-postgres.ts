// `migrate --to postgres://…`: moves a SQLite data folder (PARLEY_DATA_DIR) into an empty
// PostgreSQL database, so a self-hoster can grow to several relays without losing history. Holds
// the data folder's lock (the relay must be stopped), refuses a database that has data or tables
// of its own, copies with a progress bar, verifies, and prints a summary. Exit 1 on any mismatch.

import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { acquireDataLock, DataFolderBusyError } from '../storage/data-lock.ts'
import { DATABASE_FILE, openDatabase } from '../storage/database.ts'
import { DatabaseTooNewError } from '../storage/migrate.ts'
import { copySqliteToPostgres, postgresCounts, sqliteCounts } from '../storage/postgres/copy-from-sqlite.ts'
import { migratePostgres, PostgresTooNewError } from '../storage/postgres/migrate.ts'
import { openPool, type PgDb } from '../storage/postgres/pool.ts'
import { TABLES } from '../storage/postgres/schema.ts'
import { verifyCopy, type CopyCheck } from '../storage/postgres/verify-copy.ts'
import { isStorageUnavailable } from '../storage/storage-failure.ts'
import { createProgressBar } from './progress-bar.ts'
import type { CliIo } from './run-cli.ts'
import { UsageError } from './usage.ts'

/** Documents compared after the copy, besides the one with the most updates. */
const DEFAULT_SAMPLE = 20

/** The target cannot take the copy (not empty, unreachable) or the source is missing. */
export class MigrateError extends Error {
  override name = 'MigrateError'
}

/** The URL as it can be printed: without its password. */
export const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the given database'
  }
}

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

/** Runs the command; resolves with the exit code (0 copied and verified, 1 failed). Throws UsageError. */
export async function migrateToPostgres(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { to: { type: 'string' }, sample: { type: 'string' } }, allowPositionals: true, strict: false })
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
  const url = typeof values.to === 'string' ? values.to : ''
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('migrate needs --to postgres://user:password@host:port/database')
  const sampleRooms = values.sample === undefined ? DEFAULT_SAMPLE : Number(values.sample)
  if (!Number.isInteger(sampleRooms) || sampleRooms < 0) throw new UsageError('--sample takes a whole number of documents to compare.')

  const config = loadConfig(io.env)
  try {
    if (!fs.existsSync(path.join(config.dataDir, DATABASE_FILE))) throw new MigrateError(`${config.dataDir} has no ${DATABASE_FILE}: nothing to copy.`)
    const lock = acquireDataLock(config.dataDir, 'migrate')
    const sqlite = openDatabase(config.dataDir, { log: (message, fields) => io.err(`${message}: ${JSON.stringify(fields)}`) })
    const target = openPool(url, { max: 2 })
    try {
      await checkEmpty(target, url)
      await migratePostgres(target)
      await checkNoRows(target, url)
      const counts = sqliteCounts(sqlite)
      const total = TABLES.reduce((sum, t) => sum + counts[t], 0)
      const bar = io.progress ? createProgressBar(io.progress, 'Copying') : null
      let done = 0
      bar?.update(0, total)
      await copySqliteToPostgres(sqlite, target, (rows) => bar?.update((done += rows), total))
      bar?.finish()
      const check = await verifyCopy(sqlite, target, { sampleRooms })
      printSummary(check, path.join(config.dataDir, DATABASE_FILE), redactUrl(url), io)
      return check.ok ? 0 : 1
    } finally {
      await target.end()
      sqlite.close()
      lock.release()
    }
  } catch (err) {
    if (!(err instanceof Error)) throw err
    if ([MigrateError, DataFolderBusyError, PostgresTooNewError, DatabaseTooNewError].some((type) => err instanceof type)) {
      io.err(`Error: ${err.message}`)
      return 1
    }
    if (isStorageUnavailable(err)) {
      io.err(`Error: cannot reach ${redactUrl(url)}: ${(err.cause instanceof Error ? err.cause : err).message}`)
      return 1
    }
    throw err
  }
}

/** Refuses a database that holds tables Parley did not make (it is someone else's). */
async function checkEmpty(target: PgDb, url: string): Promise<void> {
  const known = new Set<string>([...TABLES, 'schema_version', 'session_changes', 'sync_tickets'])
  const tables = await target.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
  const foreign = tables.rows.map((r) => r.name).filter((name) => !known.has(name))
  if (foreign.length) {
    const listed = `${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}`
    throw new MigrateError(`${redactUrl(url)} is not empty: it has tables of its own (${listed}). Create an empty database for Parley.`)
  }
}

/** Refuses a Parley database that has data already: the copy would mix two histories. */
async function checkNoRows(target: PgDb, url: string): Promise<void> {
  const counts = await postgresCounts(target)
  const filled = TABLES.filter((t) => counts[t] > 0)
  if (filled.length) {
    throw new MigrateError(
      `${redactUrl(url)} is not empty: it already holds Parley data (${filled.map((t) => `${grouped(counts[t])} ${t}`).join(', ')}). ` +
        'migrate copies into an empty database only; create a new one, or drop this one if it is a failed earlier try.',
    )
  }
}

function printSummary(check: CopyCheck, from: string, to: string, io: CliIo): void {
  io.out(`Copied ${from} into ${to}.`)
  io.out(`  ${'TABLE'.padEnd(20)} ${'SQLITE'.padStart(12)} ${'POSTGRESQL'.padStart(12)}`)
  for (const t of TABLES) {
    const [a, b] = [check.sqlite[t], check.postgres[t]]
    io.out(`  ${t.padEnd(20)} ${grouped(a).padStart(12)} ${grouped(b).padStart(12)}${a === b ? '' : '  MISMATCH'}`)
  }
  const { total, compared, different } = check.rooms
  const verdict = different.length ? `${different.length} DIFFERENT: ${different.join(', ')}` : 'all equal'
  io.out(`Documents compared by their Yjs state: ${grouped(compared.length)} of ${grouped(total)}, ${verdict}.`)
  io.out(
    check.ok
      ? 'Verified. Start the relays with PARLEY_DATABASE_URL set to this database (see docs/scaling.md); keep the data folder as a backup.'
      : 'The copy does not match: do not use it. Drop the database, and report the mismatch with this output.',
  )
}
