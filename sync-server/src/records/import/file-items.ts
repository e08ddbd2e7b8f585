// What reading a records file yields, shared by the CSV and JSON readers and the import: rows
// in file order, rows that could not be read, and the error for a file that cannot be used at all.

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
