// `records import --org <name> <file>`: loads records from a JSON or CSV file into one
// organization, with a progress bar on stderr and a summary of what was imported, updated and
// skipped (and why) on stdout. Parsing the command line is run-cli.ts's job.

import path from 'node:path'
import { AccountError } from '../accounts/account-error.ts'
import type { Accounts } from '../accounts/accounts.ts'
import { importRecords } from '../records/import/import-records.ts'
import { readRecordsFile, type RecordsFileFormat, type RowProblem } from '../records/import/read-records-file.ts'
import { createSqliteRecordStore } from '../records/record-store.ts'
import type { Db } from '../storage/database.ts'
import type { Print } from './commands.ts'
import { createProgressBar, type ProgressOutput } from './progress-bar.ts'

/** How many skipped rows the summary lists; the rest are counted. */
export const LISTED_SKIPS = 20

export interface RecordsImportInput {
  org: string
  file: string
  format: RecordsFileFormat
}

/**
 * Imports the file; bad rows are skipped and listed, never fatal. Throws AccountError for an
 * unknown organization and RecordsFileError when the file cannot be read as records at all.
 */
export function recordsImport(accounts: Accounts, db: Db, input: RecordsImportInput, print: Print, progress?: ProgressOutput): void {
  const org = accounts.orgByName(input.org)
  if (!org) throw new AccountError('unknown_org', `No organization named "${input.org}". See: npm run parley -- org list`)
  const file = readRecordsFile(input.file, input.format)

  const bar = progress ? createProgressBar(progress, `Importing ${path.basename(input.file)}`) : null
  const summary = importRecords(createSqliteRecordStore(db), org.id, file.rows, { onProgress: (done, total) => bar?.update(done, total) })
  bar?.finish()

  const skipped = [...file.problems, ...summary.skipped].sort((a, b) => lineOf(a) - lineOf(b))
  print(`Imported ${input.file} into "${org.name}": ${summary.imported} imported, ${summary.updated} updated, ${summary.unchanged} unchanged, ${skipped.length} skipped.`)
  if (skipped.length === 0) return
  print(`Skipped rows${skipped.length > LISTED_SKIPS ? ` (the first ${LISTED_SKIPS})` : ''}:`)
  for (const problem of skipped.slice(0, LISTED_SKIPS)) print(`  ${problem.where}: ${problem.reason}`)
  if (skipped.length > LISTED_SKIPS) print(`  … and ${skipped.length - LISTED_SKIPS} more.`)
}

// "line 7" and "record 5" sort by their number, so the list follows the file.
const lineOf = (problem: RowProblem) => Number(/\d+/.exec(problem.where)?.[0] ?? 0)
