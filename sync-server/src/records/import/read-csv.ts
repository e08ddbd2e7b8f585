// Streams the records of a CSV file with csv-parse: the header names the columns, each later row
// becomes a row of the import (cited by the line it starts on) or a problem of that row.

import type fs from 'node:fs'
import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { parse } from 'csv-parse'
import { RecordsFileError, type FileItem, type RowProblem } from './file-items.ts'

/** Columns with a meaning; every other column of the header becomes a field of the record page. */
const KNOWN_COLUMNS = new Set(['type', 'id', 'number', 'label', 'name'])

interface ParsedRecord {
  record: string[]
  info: { lines: number }
}

const lineBreaksIn = (values: string[]): number => {
  let count = 0
  for (const value of values) for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) count++
  return count
}

export async function* readCsv(file: string, stream: fs.ReadStream): AsyncGenerator<FileItem> {
  const skipped: RowProblem[] = []
  // Where the last record ended: a row that cannot be parsed is cited from the line after it.
  let lastEnd = 0
  const csv = stream.pipe(new LineEndings()).pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      // A stray quote (`"Weld"er`) is kept as text instead of failing the row. Not `trim`: with
      // relax_quotes, csv-parse 7 then drops every row after a stray quote without a word.
      relax_quotes: true,
      // `info` says on which line a record ends; its first line is that, less the line breaks
      // inside its quoted values (the only place a line break can be).
      info: true,
      on_skip: (err) => {
        skipped.push({ where: `line ${lastEnd + 1}`, reason: `not valid CSV: ${err?.message ?? 'unreadable row'}` })
        return undefined
      },
    }),
  )
  stream.on('error', (err) => csv.destroy(err))

  let header: string[] | null = null
  let lower: string[] = []
  try {
    for await (const parsed of csv as AsyncIterable<ParsedRecord>) {
      for (const problem of skipped.splice(0)) yield { kind: 'problem', problem }
      const where = `line ${parsed.info.lines - lineBreaksIn(parsed.record)}`
      lastEnd = parsed.info.lines
      if (!header) {
        header = parsed.record.map((h) => h.trim())
        lower = header.map((h) => h.toLowerCase())
        checkHeader(file, header, lower)
        continue
      }
      yield rowOf(where, parsed.record, header, lower)
    }
  } catch (err) {
    if (err instanceof RecordsFileError) throw err
    throw new RecordsFileError('unreadable', `${file} could not be read: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!header) checkHeader(file, [], [])
  for (const problem of skipped.splice(0)) yield { kind: 'problem', problem }
}

function checkHeader(file: string, header: string[], lower: string[]): void {
  const missing = ['type', 'id'].filter((c) => !lower.includes(c))
  if (!lower.includes('label') && !lower.includes('name')) missing.push('label')
  if (missing.length === 0) return
  throw new RecordsFileError(
    'not_records',
    `The first line of ${file} must name the columns; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (it has: ${header.join(', ') || 'nothing'}).`,
  )
}

function rowOf(where: string, record: string[], header: string[], lower: string[]): FileItem {
  if (record.length !== header.length) return { kind: 'problem', problem: { where, reason: `has ${record.length} values, the header has ${header.length} columns` } }
  const input: Record<string, unknown> = {}
  const fields: Record<string, string> = {}
  header.forEach((column, i) => {
    const value = record[i] ?? ''
    const known = lower[i] ?? ''
    if (KNOWN_COLUMNS.has(known)) input[known === 'name' ? 'label' : known] ??= value.trim()
    else if (value.trim() !== '') fields[column] = value
  })
  return { kind: 'row', row: { where, input: { ...input, fields } } }
}

/**
 * Turns CRLF and CR into LF as the text streams by (a CR at the end of a chunk waits for the
 * next one): csv-parse counts a CRLF inside quotes as two lines, and line numbers must be right.
 */
class LineEndings extends Transform {
  private pendingCr = false
  // Bytes of a character split between two chunks wait here for the rest.
  private readonly decoder = new StringDecoder('utf8')

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: string) => void): void {
    done(null, this.normalize(this.decoder.write(chunk)))
  }

  override _flush(done: (error?: Error | null, data?: string) => void): void {
    const rest = this.normalize(this.decoder.end())
    done(null, rest + (this.pendingCr ? '\n' : ''))
  }

  private normalize(decoded: string): string {
    let text = (this.pendingCr ? '\r' : '') + decoded
    this.pendingCr = text.endsWith('\r')
    if (this.pendingCr) text = text.slice(0, -1)
    return text.replace(/\r\n?/g, '\n')
  }
}
