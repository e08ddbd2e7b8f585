// Imports the rows of a records file into one organization's records as they are read: each row
// is checked on its own, a bad one is reported (onSkip) and never stops the others, and the good
// ones are written in batches (one transaction each) so that progress can be shown and memory
// stays flat. Reading the file is read-records-file.ts's job; showing progress is the caller's.

import { readStoredRecord, type StoredRecord } from '../record-shape.ts'
import type { RecordStore } from '../record-store.ts'
import type { FileItem, RowProblem } from './read-records-file.ts'

export interface ImportSummary {
  imported: number
  updated: number
  unchanged: number
  skipped: number
}

/** Which record keys the import has met, and where: the first row for a record wins. */
export interface SeenKeys {
  /** Where `key` was first seen, or undefined after remembering `where` for it. */
  firstSeen(key: string, where: string): string | undefined
}

/** SeenKeys in memory: fine for small files; a large import passes one that lives on disk. */
export const seenKeysInMemory = (): SeenKeys => {
  const seen = new Map<string, string>()
  return {
    firstSeen(key, where) {
      const earlier = seen.get(key)
      if (earlier === undefined) seen.set(key, where)
      return earlier
    },
  }
}

export interface ImportOptions {
  /** Rows per transaction. */
  batchSize?: number
  /** Called after the first row and after each batch, with how many rows are done. */
  onProgress?: (rows: number) => void
  /** Called for every skipped row, in file order. */
  onSkip?: (problem: RowProblem) => void
  /** Where the keys met so far are kept; in memory by default. */
  seen?: SeenKeys
}

export async function importRecords(store: RecordStore, orgId: string, items: AsyncIterable<FileItem>, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500
  const summary: ImportSummary = { imported: 0, updated: 0, unchanged: 0, skipped: 0 }
  const skip = (problem: RowProblem) => {
    summary.skipped++
    options.onSkip?.(problem)
  }
  // Two rows for one record would make the result depend on their order: the first wins.
  const seen = options.seen ?? seenKeysInMemory()
  let batch: StoredRecord[] = []
  let rows = 0

  const write = async () => {
    for (const outcome of await store.upsert(orgId, batch)) {
      if (outcome === 'inserted') summary.imported++
      else if (outcome === 'updated') summary.updated++
      else summary.unchanged++
    }
    batch = []
    options.onProgress?.(rows)
  }

  const take = (item: FileItem) => {
    if (item.kind === 'problem') return skip(item.problem)
    const read = readStoredRecord(item.row.input)
    if (!read.ok) return skip({ where: item.row.where, reason: read.reason })
    const key = `${read.record.type}/${read.record.id}`
    const earlier = seen.firstSeen(key, item.row.where)
    if (earlier !== undefined) return skip({ where: item.row.where, reason: `${key} is already in ${earlier}` })
    batch.push(read.record)
  }

  for await (const item of items) {
    rows++
    if (rows === 1) options.onProgress?.(0)
    take(item)
    // Every batchSize rows read, good or bad: progress moves through a run of bad rows too.
    if (rows % batchSize === 0) await write()
  }
  await write()
  return summary
}
