// Parses the admin command line, opens the relay's database from the configuration, runs one
// command and returns the exit code. No process.exit here, so it stays callable from code.

import path from 'node:path'
import { parseArgs } from 'node:util'
import { AccountError } from '../accounts/account-error.ts'
import type { Accounts } from '../accounts/accounts.ts'
import type { Sessions } from '../accounts/sessions.ts'
import { ConfigError, loadConfig, type Config } from '../config.ts'
import { configurationTable } from '../config-table.ts'
import { formatOfPath, RecordsFileError } from '../records/import/read-records-file.ts'
import { BackupError, backupDatabase, restoreDatabase } from '../storage/backup.ts'
import { DataFolderBusyError } from '../storage/data-lock.ts'
import type { Backend } from '../storage/backend.ts'
import { DatabaseTooNewError } from '../storage/migrate.ts'
import { PostgresTooNewError } from '../storage/postgres/migrate.ts'
import { isSqliteBackend } from '../storage/sqlite-backend.ts'
import { StorageUnavailableError } from '../storage/storage-failure.ts'
import { VERSION } from '../version.ts'
import { orgAdd, orgList, orgRename, sessionRevoke, userAdd, userDelete, userDisable, userEnable, userList, userResetPassword, type Print } from './commands.ts'
import { hostCommandFor } from './host-commands.ts'
import { migrateToPostgres, redactUrl } from './migrate-to-postgres.ts'
import { openCliBackend } from './open-cli-backend.ts'
import type { ProgressOutput } from './progress-bar.ts'
import { recordsImport, type RecordsImportInput } from './records-import.ts'
import { USAGE, UsageError } from './usage.ts'

export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const

export interface CliIo {
  env: Record<string, string | undefined>
  out: Print
  err: Print
  /** Where long commands draw their progress (stderr); none when absent. */
  progress?: ProgressOutput
}

const parse = (args: string[], options: Record<string, { type: 'string' }>) => {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (err) {
    // node:util reports a bad command line as a TypeError with an ERR_PARSE_ARGS_* code.
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message)
    throw err
  }
}

const required = (values: Record<string, string | boolean | undefined>, name: string): string => {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`)
  return value
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group, action, ...rest] = argv
  try {
    if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
      io.out(USAGE)
      return group === undefined ? ExitCode.usage : ExitCode.ok
    }
    if (group === 'version' || group === '--version' || group === '-v') {
      io.out(`parley ${VERSION}`)
      return ExitCode.ok
    }
    if (group === 'config-table') {
      io.out(configurationTable())
      return ExitCode.ok
    }
    if (group === 'migrate') return await migrateToPostgres(argv.slice(1), io)
    // Most commands are two words (`user add`); backup and restore are one.
    const oneWord = group === 'backup' || group === 'restore'
    const command = oneWord ? group : `${group} ${action ?? ''}`.trim()
    const args = oneWord ? argv.slice(1) : rest
    if (command === 'restore') return restore(args, io)
    const run = group === 'host' ? hostCommand(command, args) : commandFor(command, args)
    const config = loadConfig(io.env)
    if (config.databaseUrl && command === 'backup') throw new SqliteOnlyError(SQLITE_ONLY.backup)
    const backend = await openCliBackend(config, io.err)
    try {
      await run(backend.accounts, io.out, { backend, io, sessions: backend.sessions, config })
    } finally {
      await backend.close()
    }
    return ExitCode.ok
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${USAGE}`)
      return ExitCode.usage
    }
    if ([AccountError, ConfigError, RecordsFileError, BackupError, DataFolderBusyError, DatabaseTooNewError, PostgresTooNewError, SqliteOnlyError].some((type) => err instanceof type)) {
      io.err(`Error: ${(err as Error).message}`)
      return ExitCode.failed
    }
    if (err instanceof StorageUnavailableError) {
      io.err(`Error: cannot reach ${redactUrl(io.env.PARLEY_DATABASE_URL ?? '')}: ${(err.cause instanceof Error ? err.cause : err).message}`)
      return ExitCode.failed
    }
    io.err(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    return ExitCode.failed
  }
}

/** `host …` commands need the issuer their people are keyed under. */
function hostCommand(command: string, rest: string[]): Command {
  const run = hostCommandFor(command, rest)
  return (accounts, print, { backend, config }) => {
    if (!config.hostJwtIssuer) throw new ConfigError('host commands need PARLEY_HOST_JWT_ISSUER (the issuer of the host\'s tokens).')
    return run(accounts, print, { hostPeople: backend.hostPeople, issuer: config.hostJwtIssuer })
  }
}

/** A command that works on the SQLite file only, run with PARLEY_DATABASE_URL set. */
class SqliteOnlyError extends Error {
  override name = 'SqliteOnlyError'
}

const SQLITE_ONLY = {
  backup:
    'backup copies the SQLite file in PARLEY_DATA_DIR, but PARLEY_DATABASE_URL is set: the data is in PostgreSQL. ' +
    'Back it up with PostgreSQL\'s tools, e.g. pg_dump --format=custom --file=parley.dump "$PARLEY_DATABASE_URL" (see docs/operations.md).',
  restore:
    'restore replaces the SQLite file in PARLEY_DATA_DIR, but PARLEY_DATABASE_URL is set: the data is in PostgreSQL. ' +
    'Restore a pg_dump backup with pg_restore, e.g. pg_restore --clean --if-exists --dbname="$PARLEY_DATABASE_URL" parley.dump, with the relays stopped (see docs/operations.md).',
} as const

/** Typed where the command was typed: npm runs scripts from the repository root. */
const userPath = (io: CliIo, file: string) => path.resolve(io.env.INIT_CWD ?? '', file)

/** `restore <file>`: replaces the database, so it must not open it first as other commands do. */
function restore(args: string[], io: CliIo): number {
  const { positionals } = parse(args, {})
  if (positionals.length !== 1) throw new UsageError('restore needs exactly one backup file, e.g. restore parley-2026-11-29.db')
  const config = loadConfig(io.env)
  if (config.databaseUrl) throw new SqliteOnlyError(SQLITE_ONLY.restore)
  const file = userPath(io, positionals[0]!)
  const result = restoreDatabase(config.dataDir, file)
  io.out(`Restored ${file} into ${config.dataDir} (schema version ${result.schemaVersion}, ${result.people} people).`)
  if (result.previous) io.out(`The database it replaced is kept as ${result.previous}; delete it once the relay runs well.`)
  return ExitCode.ok
}

/** Commands act through the backend, SQLite or PostgreSQL; backup alone needs the SQLite file. */
type Command = (accounts: Accounts, print: Print, context: { backend: Backend; io: CliIo; sessions: Sessions; config: Config }) => Promise<void>

/** `--email <e>` and nothing else, for the commands that act on one person. */
const onePerson = (rest: string[], extra: Record<string, { type: 'string' }> = {}) => {
  const { values, positionals } = parse(rest, { email: { type: 'string' }, ...extra })
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
  return { email: required(values, 'email'), values }
}

/** Checks the whole command line before anything touches the database. */
function commandFor(command: string, rest: string[]): Command {
  switch (command) {
    case 'org add': {
      const { positionals } = parse(rest, {})
      const name = positionals.join(' ').trim()
      if (!name) throw new UsageError('org add needs a name, e.g. org add "Acme Recruiting".')
      return (accounts, print) => orgAdd(accounts, name, print)
    }
    case 'org list': {
      const { positionals } = parse(rest, {})
      if (positionals.length > 0) throw new UsageError(`org list takes no arguments, got "${positionals.join(' ')}".`)
      return (accounts, print) => orgList(accounts, print)
    }
    case 'user add': {
      const { values, positionals } = parse(rest, { org: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } })
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
      const input = { org: required(values, 'org'), email: required(values, 'email'), name: required(values, 'name'), password: values.password }
      return (accounts, print) => userAdd(accounts, input, print)
    }
    case 'backup': {
      const { positionals } = parse(rest, {})
      if (positionals.length !== 1) throw new UsageError('backup needs exactly one new file, e.g. backup parley-2026-11-29.db')
      const target = positionals[0]!
      return async (_accounts, print, { backend, io }) => {
        if (!isSqliteBackend(backend)) throw new SqliteOnlyError(SQLITE_ONLY.backup)
        const { db } = backend
        const file = userPath(io, target)
        const bytes = await backupDatabase(db, file)
        print(`Backed up ${db.name} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB).`)
      }
    }
    case 'org rename': {
      const { values, positionals } = parse(rest, { org: { type: 'string' } })
      const to = positionals.join(' ').trim()
      if (!to) throw new UsageError('org rename needs the new name, e.g. org rename --org "Acme" "Acme Recruiting".')
      const from = required(values, 'org')
      return (accounts, print) => orgRename(accounts, from, to, print)
    }
    case 'user disable': {
      const { email } = onePerson(rest)
      return (accounts, print) => userDisable(accounts, email, print)
    }
    case 'user enable': {
      const { email } = onePerson(rest)
      return (accounts, print) => userEnable(accounts, email, print)
    }
    case 'user delete': {
      const { email } = onePerson(rest)
      return (accounts, print) => userDelete(accounts, email, print)
    }
    case 'user reset-password': {
      const { email, values } = onePerson(rest, { password: { type: 'string' } })
      return (accounts, print) => userResetPassword(accounts, email, values.password, print)
    }
    case 'session revoke': {
      const { values, positionals } = parse(rest, { user: { type: 'string' } })
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
      const email = required(values, 'user')
      return (accounts, print, { sessions }) => sessionRevoke(accounts, sessions, email, print)
    }
    case 'user list': {
      const { values, positionals } = parse(rest, { org: { type: 'string' } })
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
      return (accounts, print) => userList(accounts, values.org, print)
    }
    case 'records import': {
      const { values, positionals } = parse(rest, { org: { type: 'string' }, format: { type: 'string' }, rejects: { type: 'string' } })
      if (positionals.length !== 1) throw new UsageError('records import needs exactly one file, e.g. records import --org Acme records.csv')
      const file = positionals[0] ?? ''
      const format = values.format ?? formatOfPath(file)
      if (format !== 'json' && format !== 'csv') throw new UsageError(`Cannot tell the format of "${file}": name it .json or .csv, or pass --format json|csv.`)
      const input: RecordsImportInput = { org: required(values, 'org'), file, format, rejects: values.rejects }
      // npm runs scripts from the repository root; INIT_CWD is where the command was typed.
      return (accounts, print, { backend, io }) => recordsImport(accounts, backend.recordStore, isSqliteBackend(backend) ? backend.db : null, { ...input, file: userPath(io, file), rejects: input.rejects === undefined ? undefined : userPath(io, input.rejects) }, print, io.progress)
    }
    default:
      throw new UsageError(`Unknown command "${command}".`)
  }
}
