// Imports rows read from a file into one organization's records: each row is checked on its own,
// a bad one is skipped with its reason and never stops the others, and the good ones are written
// in batches (one transaction each) so progress can be shown. Reading the file is
// read-records-file.ts's job; showing progress is the caller's.

import { readStoredRecord, type StoredRecord } from '../record-shape.ts'
import type { RecordStore } from '../record-store.ts'
import type { FileRow, RowProblem } from './read-records-file.ts'

export interface ImportSummary {
  imported: number
  updated: number
  unchanged: number
  /** Every skipped row with its reason, in file order. */
  skipped: RowProblem[]
}

export interface ImportOptions {
  /** Rows per transaction. */
  batchSize?: number
  /** Called after each batch with how many rows are done out of `total`. */
  onProgress?: (done: number, total: number) => void
}

export function importRecords(store: RecordStore, orgId: string, rows: readonly FileRow[], options: ImportOptions = {}): ImportSummary {
  const batchSize = options.batchSize ?? 500
  const summary: ImportSummary = { imported: 0, updated: 0, unchanged: 0, skipped: [] }
  const firstSeen = new Map<string, string>()

  for (let start = 0; start < rows.length; start += batchSize) {
    const batch: StoredRecord[] = []
    for (const row of rows.slice(start, start + batchSize)) {
      const read = readStoredRecord(row.input)
      if (!read.ok) {
        summary.skipped.push({ where: row.where, reason: read.reason })
        continue
      }
      // Two rows for one record would make the result depend on their order: the first wins.
      const key = `${read.record.type}/${read.record.id}`
      const earlier = firstSeen.get(key)
      if (earlier !== undefined) {
        summary.skipped.push({ where: row.where, reason: `${key} is already in ${earlier}` })
        continue
      }
      firstSeen.set(key, row.where)
      batch.push(read.record)
    }
    for (const outcome of store.upsert(orgId, batch)) {
      if (outcome === 'inserted') summary.imported++
      else if (outcome === 'updated') summary.updated++
      else summary.unchanged++
    }
    options.onProgress?.(Math.min(start + batchSize, rows.length), rows.length)
  }
  if (rows.length === 0) options.onProgress?.(0, 0)
  return summary
}
