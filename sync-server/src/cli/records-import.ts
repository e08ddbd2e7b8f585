// `records import --org <name> [--rejects <file>] <file>`: streams records from a JSON or CSV file
// into one organization, with progress and an estimate of the time left on stderr from the first
// row, a summary on stdout, and every skipped row with its reason in the rejects file (the first
// ones are listed on stdout too). Parsing the command line is run-cli.ts's job.

import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AccountError } from '../accounts/account-error.ts'
import type { Accounts } from '../accounts/accounts.ts'
import { importRecords } from '../records/import/import-records.ts'
import { openRecordsFile, RecordsFileError, type RecordsFileFormat, type RowProblem } from '../records/import/read-records-file.ts'
import { createSeenKeysTable } from '../records/import/seen-keys-table.ts'
import type { RecordStore } from '../records/record-store.ts'
import type { Db } from '../storage/database.ts'
import type { Print } from './commands.ts'
import { createProgressBar, type ProgressOutput } from './progress-bar.ts'

/** How many skipped rows the summary lists; all of them go to the rejects file. */
export const LISTED_SKIPS = 20

export interface RecordsImportInput {
  org: string
  file: string
  format: RecordsFileFormat
  /** Where every skipped row is written (CSV: where, reason). */
  rejects?: string | undefined
}

/**
 * Imports the file; bad rows are skipped and reported, never fatal. Throws AccountError for an
 * unknown organization and RecordsFileError when the file cannot be read as records at all.
 */
export async function recordsImport(accounts: Accounts, store: RecordStore, sqlite: Db | null, input: RecordsImportInput, print: Print, progress?: ProgressOutput): Promise<void> {
  const org = await accounts.orgByName(input.org)
  if (!org) throw new AccountError('unknown_org', `No organization named "${input.org}". See: npm run parley -- org list`)
  const file = openRecordsFile(input.file, input.format)
  const rejects = input.rejects === undefined ? null : openRejects(input.rejects)
  const listed: RowProblem[] = []
  const bar = progress ? createProgressBar(progress, `Importing ${path.basename(input.file)}`) : null
  const started = performance.now()
  // The keys seen so far go to a TEMP table: of the relay's SQLite file when the records go there,
  // else (PostgreSQL) of a private temporary SQLite database, deleted when it closes.
  const db = sqlite ?? new Database('')
  // This connection is the CLI's own and closes after the command: a 4 MiB page cache instead of
  // better-sqlite3's 16 MiB keeps a large import's memory low (the writes are sequential anyway).
  db.pragma('cache_size = -4000')
  const seen = createSeenKeysTable(db)
  try {
    const summary = await importRecords(store, org.id, file.items, {
      seen,
      onProgress: (rows) => bar?.update(file.bytesRead(), file.size, `${grouped(rows)} rows${eta(started, file.bytesRead(), file.size)}`),
      onSkip(problem) {
        if (listed.length < LISTED_SKIPS) listed.push(problem)
        rejects?.write(problem)
      },
    })
    bar?.update(file.size, file.size, `${grouped(summary.imported + summary.updated + summary.unchanged + summary.skipped)} rows`)
    bar?.finish()
    print(`Imported ${input.file} into "${org.name}": ${summary.imported} imported, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped} skipped.`)
    if (summary.skipped === 0) return
    print(`Skipped rows${summary.skipped > LISTED_SKIPS ? ` (the first ${LISTED_SKIPS})` : ''}:`)
    for (const problem of listed) print(`  ${problem.where}: ${problem.reason}`)
    if (summary.skipped > LISTED_SKIPS) print(`  … and ${summary.skipped - LISTED_SKIPS} more.`)
    print(rejects ? `Every skipped row, with its reason: ${input.rejects}` : 'Pass --rejects <file> to write every skipped row with its reason to a file.')
  } finally {
    bar?.finish()
    rejects?.close()
    seen.drop()
    if (!sqlite) db.close()
  }
}

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

/** ", about 12 s left" once a little of the file is read; nothing before. */
function eta(startedAt: number, done: number, total: number): string {
  const elapsed = (performance.now() - startedAt) / 1000
  if (done === 0 || done >= total || elapsed < 0.2) return ''
  const left = Math.ceil((elapsed * (total - done)) / done)
  return left >= 90 ? `, about ${Math.ceil(left / 60)} min left` : `, about ${left} s left`
}

interface RejectsFile {
  write(problem: RowProblem): void
  close(): void
}

const csvValue = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** A CSV file of skipped rows, written as they come (never held in memory). */
function openRejects(file: string): RejectsFile {
  let fd: number
  try {
    fd = fs.openSync(file, 'w')
  } catch (err) {
    throw new RecordsFileError('unreadable', `The rejects file ${file} cannot be written: ${err instanceof Error ? err.message : String(err)}`)
  }
  fs.writeSync(fd, 'where,reason\n')
  return {
    write: (problem) => void fs.writeSync(fd, `${csvValue(problem.where)},${csvValue(problem.reason)}\n`),
    close: () => fs.closeSync(fd),
  }
}
