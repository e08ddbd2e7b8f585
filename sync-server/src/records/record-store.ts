// Writes records into the relay's SQLite file: insert-or-update for the import command, and
// insert-if-missing for the demo seed. Searching them is sqlite-directory.ts's job.

import type { Db } from '../storage/database.ts'
import type { StoredRecord } from './record-shape.ts'
import { labelKeyOf, numberDigitsOf, numberKeyOf } from './search-query.ts'

/** What an upsert did with one record. */
export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged'

export interface RecordStore {
  /**
   * Inserts new records and updates changed ones of one organization, in one transaction.
   * Records must already be valid (readStoredRecord). Returns one outcome per record, in order.
   */
  upsert(orgId: string, records: readonly StoredRecord[]): Promise<UpsertOutcome[]>
  /** Inserts the records that do not exist yet (by type and id); returns how many it added. */
  insertMissing(orgId: string, records: readonly StoredRecord[]): Promise<number>
  /** How many records the organization has. */
  count(orgId: string): Promise<number>
}

interface ExistingRow {
  seq: number
  number: string
  label: string
  fields: string
}

export function createSqliteRecordStore(db: Db, clock: () => number = Date.now): RecordStore {
  const select = db.prepare<[string, string, string], ExistingRow>('SELECT seq, number, label, fields FROM records WHERE org_id = ? AND type = ? AND id = ?')
  const insert = db.prepare(
    `INSERT INTO records (org_id, type, id, number, number_key, number_digits, label, label_key, fields, updated_at)
     VALUES (@orgId, @type, @id, @number, @numberKey, @digits, @label, @labelKey, @fields, @at)`,
  )
  const update = db.prepare(
    `UPDATE records SET number = @number, number_key = @numberKey, number_digits = @digits, label = @label,
       label_key = @labelKey, fields = @fields, updated_at = @at WHERE seq = @seq`,
  )
  // records_fts is an external-content index of records.label: it is told what to add and what
  // to remove, with the old label (see the migration for why this is not a trigger).
  const indexLabel = db.prepare<[number | bigint, string]>('INSERT INTO records_fts (rowid, label) VALUES (?, ?)')
  const unindexLabel = db.prepare<[number, string]>("INSERT INTO records_fts (records_fts, rowid, label) VALUES ('delete', ?, ?)")
  const selectCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM records WHERE org_id = ?')

  const row = (orgId: string, r: StoredRecord, at: number) => ({
    orgId,
    type: r.type,
    id: r.id,
    number: r.number,
    numberKey: numberKeyOf(r.number),
    digits: numberDigitsOf(r.number),
    label: r.label,
    labelKey: labelKeyOf(r.label),
    fields: JSON.stringify(r.fields),
    at,
  })

  const add = (next: ReturnType<typeof row>) => {
    const { lastInsertRowid } = insert.run(next)
    indexLabel.run(lastInsertRowid, next.label)
  }

  const upsertAll = db.transaction((orgId: string, records: readonly StoredRecord[]): UpsertOutcome[] => {
    const at = clock()
    return records.map((record) => {
      const next = row(orgId, record, at)
      const existing = select.get(orgId, record.type, record.id)
      if (!existing) {
        add(next)
        return 'inserted'
      }
      if (existing.number === next.number && existing.label === next.label && existing.fields === next.fields) return 'unchanged'
      update.run({ ...next, seq: existing.seq })
      if (existing.label !== next.label) {
        unindexLabel.run(existing.seq, existing.label)
        indexLabel.run(existing.seq, next.label)
      }
      return 'updated'
    })
  })

  const insertMissingAll = db.transaction((orgId: string, records: readonly StoredRecord[]): number => {
    const at = clock()
    let added = 0
    for (const record of records) {
      if (select.get(orgId, record.type, record.id)) continue
      add(row(orgId, record, at))
      added++
    }
    return added
  })

  return {
    upsert: async (orgId, records) => upsertAll.immediate(orgId, records),
    insertMissing: async (orgId, records) => insertMissingAll.immediate(orgId, records),
    count: async (orgId) => selectCount.get(orgId)?.n ?? 0,
  }
}
