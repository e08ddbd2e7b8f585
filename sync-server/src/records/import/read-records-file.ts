// Reads a JSON or CSV file of records into rows for the import: each row is the raw input of one
// record and where it was in the file. Syntax errors in one CSV row become a problem of that row;
// checking what a row holds is import-records.ts's job.

import fs from 'node:fs'
import { parse } from 'csv-parse/sync'

export const RecordsFileFormat = { json: 'json', csv: 'csv' } as const
export type RecordsFileFormat = (typeof RecordsFileFormat)[keyof typeof RecordsFileFormat]

export interface FileRow {
  /** Where the row is, for people: `line 7` (CSV) or `record 5` (JSON). */
  where: string
  input: unknown
}

export interface RowProblem {
  where: string
  reason: string
}

export interface RecordsFile {
  rows: FileRow[]
  /** Rows that could not even be read (CSV syntax, a wrong number of values). */
  problems: RowProblem[]
}

/** The whole file could not be used: nothing was imported from it. */
export class RecordsFileError extends Error {
  override name = 'RecordsFileError'
  constructor(
    readonly reason: 'unreadable' | 'not_records',
    message: string,
  ) {
    super(message)
  }
}

/** `json` or `csv` from the file name, or null when the extension says neither. */
export const formatOfPath = (file: string): RecordsFileFormat | null => {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase()
  return ext === 'json' ? 'json' : ext === 'csv' ? 'csv' : null
}

export function readRecordsFile(file: string, format: RecordsFileFormat): RecordsFile {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : ''
    throw new RecordsFileError('unreadable', code === 'ENOENT' ? `There is no file ${file}.` : `${file} could not be read: ${err instanceof Error ? err.message : String(err)}`)
  }
  return format === 'json' ? readJson(file, text) : readCsv(file, text)
}

function readJson(file: string, text: string): RecordsFile {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new RecordsFileError('unreadable', `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null && 'records' in json && Array.isArray(json.records) ? json.records : null
  if (!list) throw new RecordsFileError('not_records', `${file} must hold an array of records, or { "records": [ … ] }.`)
  return { rows: list.map((input: unknown, i) => ({ where: `record ${i + 1}`, input })), problems: [] }
}

/** Columns with a meaning; every other column of the header becomes a field of the record page. */
const KNOWN_COLUMNS = new Set(['type', 'id', 'number', 'label', 'name'])

function readCsv(file: string, text: string): RecordsFile {
  const problems: RowProblem[] = []
  const parsed: { record: string[]; line: number }[] = []
  // csv-parse counts a CRLF inside quotes as two lines; plain LF keeps the line numbers right.
  parse(text.replace(/\r\n?/g, '\n'), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    // A stray quote (`"Weld"er`) is kept as text instead of failing the row. Not `trim`: with
    // relax_quotes, csv-parse 7 then drops every row after a stray quote without a word.
    relax_quotes: true,
    // Collected here rather than from the result, to keep the line each record ends on.
    on_record: (record: string[], context) => {
      parsed.push({ record, line: context.lines })
      return null
    },
    on_skip: (err) => {
      problems.push({ where: `line ${err?.lines ?? '?'}`, reason: `not valid CSV: ${err?.message ?? 'unreadable row'}` })
      return undefined
    },
  })

  const [head, ...body] = parsed
  const header = (head?.record ?? []).map((h) => h.trim())
  const lower = header.map((h) => h.toLowerCase())
  const missing = ['type', 'id'].filter((c) => !lower.includes(c))
  if (!lower.includes('label') && !lower.includes('name')) missing.push('label')
  if (missing.length > 0) {
    throw new RecordsFileError('not_records', `The first line of ${file} must name the columns; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (it has: ${header.join(', ') || 'nothing'}).`)
  }

  const rows: FileRow[] = []
  for (const { record, line } of body) {
    const where = `line ${line}`
    if (record.length !== header.length) {
      problems.push({ where, reason: `has ${record.length} values, the header has ${header.length} columns` })
      continue
    }
    const input: Record<string, unknown> = {}
    const fields: Record<string, string> = {}
    header.forEach((column, i) => {
      const value = record[i] ?? ''
      const known = lower[i] ?? ''
      if (KNOWN_COLUMNS.has(known)) input[known === 'name' ? 'label' : known] ??= value.trim()
      else if (value.trim() !== '') fields[column] = value
    })
    rows.push({ where, input: { ...input, fields } })
  }
  return { rows, problems }
}
