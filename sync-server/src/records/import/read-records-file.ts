// Reads a JSON or CSV file of records as a stream of rows for the import, in file order and in
// constant memory: each row is the raw input of one record and where it starts in the file.
// Syntax errors in one CSV row become a problem of that row; checking what a row holds is
// import-records.ts's job. Problems with the whole file (missing, no header, not JSON, not a
// list of records) throw RecordsFileError, before the first row when they can be seen there.

import fs from 'node:fs'
import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { parse } from 'csv-parse'
import { chainUnchecked } from 'stream-chain'
import { parser } from 'stream-json'
import { pick } from 'stream-json/filters/pick.js'
import { streamArray } from 'stream-json/streamers/stream-array.js'

export const RecordsFileFormat = { json: 'json', csv: 'csv' } as const
export type RecordsFileFormat = (typeof RecordsFileFormat)[keyof typeof RecordsFileFormat]

export interface FileRow {
  /** Where the row starts, for people: `line 7` (CSV) or `record 5` (JSON). */
  where: string
  input: unknown
}

export interface RowProblem {
  where: string
  reason: string
}

/** One item of a records file, in file order: a row to check and import, or one that could not be read. */
export type FileItem = { kind: 'row'; row: FileRow } | { kind: 'problem'; problem: RowProblem }

/** The whole file could not be used. */
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

export interface RecordsFile {
  /** Size of the file in bytes. */
  size: number
  /** Bytes read so far (for progress). */
  bytesRead(): number
  items: AsyncIterable<FileItem>
}

/** Opens `file` for reading as records. Throws RecordsFileError when it is not there. */
export function openRecordsFile(file: string, format: RecordsFileFormat): RecordsFile {
  let size: number
  try {
    size = fs.statSync(file).size
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : ''
    throw new RecordsFileError('unreadable', code === 'ENOENT' ? `There is no file ${file}.` : `${file} could not be read: ${err instanceof Error ? err.message : String(err)}`)
  }
  const start = format === 'json' ? jsonStart(file) : { offset: 0, list: false }
  const stream = fs.createReadStream(file, { start: start.offset })
  stream.on('error', () => {}) // reported by the parser that reads it
  return { size, bytesRead: () => start.offset + stream.bytesRead, items: format === 'json' ? readJson(file, stream, start.list) : readCsv(file, stream) }
}

/** Where the JSON starts (after a byte order mark) and whether it opens with `[`. */
function jsonStart(file: string): { offset: number; list: boolean } {
  const head = Buffer.alloc(4096)
  const fd = fs.openSync(file, 'r')
  const length = fs.readSync(fd, head, 0, head.length, 0)
  fs.closeSync(fd)
  const bom = length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  return { offset: bom, list: head.subarray(bom, length).toString('utf8').trimStart().startsWith('[') }
}

async function* readJson(file: string, stream: fs.ReadStream, list: boolean): AsyncGenerator<FileItem> {
  // `[ … ]` is streamed as it is; `{ "records": [ … ] }` through a filter that picks that key.
  const shape = new ShapeWatch()
  const records = pick({ filter: (stack) => stack.length === 1 && stack[0] === 'records' })
  // Unchecked: stream-chain's typings cannot follow a token filter written as a plain function.
  const pipeline = chainUnchecked([stream, parser(), shape.tokens, ...(list ? [] : [records]), streamArray()])
  let n = 0
  try {
    for await (const item of pipeline as AsyncIterable<{ value: unknown }>) yield { kind: 'row', row: { where: `record ${++n}`, input: item.value } }
  } catch (err) {
    throw new RecordsFileError('unreadable', `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!shape.isList()) throw new RecordsFileError('not_records', `${file} must hold an array of records, or { "records": [ … ] }.`)
}

interface Token {
  name: string
  value?: unknown
}

/** Watches the token stream for a top-level array or a top-level `records` array, and passes the tokens on. */
class ShapeWatch {
  private depth = 0
  private topArray = false
  private recordsKey = false
  private recordsArray = false

  readonly tokens = (token: Token): Token => {
    if (token.name === 'startArray') {
      if (this.depth === 0) this.topArray = true
      if (this.depth === 1 && this.recordsKey) this.recordsArray = true
    }
    if (token.name === 'keyValue') this.recordsKey = this.depth === 1 && token.value === 'records'
    if (token.name === 'startObject' || token.name === 'startArray') this.depth++
    if (token.name === 'endObject' || token.name === 'endArray') this.depth--
    return token
  }

  isList = () => this.topArray || this.recordsArray
}

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

async function* readCsv(file: string, stream: fs.ReadStream): AsyncGenerator<FileItem> {
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
