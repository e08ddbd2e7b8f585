// Opens a JSON or CSV file of records as a stream of rows for the import, in file order and in
// constant memory: each row is the raw input of one record and where it starts in the file.
// Syntax errors in one CSV row become a problem of that row; checking what a row holds is
// import-records.ts's job. Problems with the whole file (missing, no header, not JSON, not a
// list of records) throw RecordsFileError, before the first row when they can be seen there.

import fs from 'node:fs'
import { RecordsFileError, type FileItem, type RecordsFileFormat } from './file-items.ts'
import { readCsv } from './read-csv.ts'
import { jsonStart, readJson } from './read-json.ts'

export { RecordsFileError, RecordsFileFormat, type FileItem, type FileRow, type RowProblem } from './file-items.ts'

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
