// Writes records into PostgreSQL with the outcomes of records/record-store.ts: one transaction per
// call, a few statements per batch (not one per record), and an advisory lock per organization
// where SQLite takes its write lock, so two imports into one organization do not interleave.
// label_words is the label's words (wordsOf) for the word search (record-directory.ts).

import type { StoredRecord } from '../../records/record-shape.ts'
import type { RecordStore, UpsertOutcome } from '../../records/record-store.ts'
import { labelKeyOf, numberDigitsOf, numberKeyOf, wordsOf } from '../../records/search-query.ts'
import type { PgDb, Queryable } from './pool.ts'

const ORG_RECORDS_LOCK_CLASS = 7284

interface Row {
  type: string
  id: string
  number: string
  label: string
  fields: string
}
const keyOf = (r: { type: string; id: string }) => `${r.type}\u0000${r.id}`
const rowOf = (r: StoredRecord): Row => ({ type: r.type, id: r.id, number: r.number, label: r.label, fields: JSON.stringify(r.fields) })
const same = (a: Row, b: Row) => a.number === b.number && a.label === b.label && a.fields === b.fields

const COLUMNS = 'org_id, type, id, number, number_key, number_digits, label, label_key, label_words, fields, updated_at'
/** `unnest` of the column arrays, in the order of COLUMNS (label_words from its space-joined words). */
const FROM_ARRAYS = `SELECT $1, t.type, t.id, t.number, t.number_key, t.number_digits, t.label, t.label_key,
  array_to_tsvector(string_to_array(t.words, ' ')), t.fields, $2
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
  AS t(type, id, number, number_key, number_digits, label, label_key, words, fields)`

const arraysOf = (rows: readonly Row[]) => [
  rows.map((r) => r.type),
  rows.map((r) => r.id),
  rows.map((r) => r.number),
  rows.map((r) => numberKeyOf(r.number)),
  rows.map((r) => numberDigitsOf(r.number)),
  rows.map((r) => r.label),
  rows.map((r) => labelKeyOf(r.label)),
  rows.map((r) => wordsOf(r.label).join(' ')),
  rows.map((r) => r.fields),
]

export function createPostgresRecordStore(db: PgDb, clock: () => number = Date.now): RecordStore {
  const lockOrg = (tx: Queryable, orgId: string) => tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ORG_RECORDS_LOCK_CLASS, orgId])
  const existing = async (tx: Queryable, orgId: string, rows: readonly Row[]) => {
    const found = await tx.query<Row>(
      `SELECT r.type, r.id, r.number, r.label, r.fields FROM records r JOIN unnest($2::text[], $3::text[]) AS k(type, id)
       ON r.type = k.type AND r.id = k.id WHERE r.org_id = $1`,
      [orgId, rows.map((r) => r.type), rows.map((r) => r.id)],
    )
    return new Map(found.rows.map((r) => [keyOf(r), r]))
  }
  const insert = (tx: Queryable, orgId: string, rows: readonly Row[], at: number) =>
    tx.query(`INSERT INTO records (${COLUMNS}) ${FROM_ARRAYS} ON CONFLICT (org_id, type, id) DO NOTHING`, [orgId, at, ...arraysOf(rows)])

  return {
    async upsert(orgId, records) {
      if (!records.length) return []
      const rows = records.map(rowOf)
      return db.transaction(async (tx) => {
        await lockOrg(tx, orgId)
        const stored = await existing(tx, orgId, rows)
        // Outcomes as if the records were written one after the other; then each key's last state.
        const current = new Map(stored)
        const outcomes = rows.map((row): UpsertOutcome => {
          const before = current.get(keyOf(row))
          current.set(keyOf(row), row)
          return !before ? 'inserted' : same(before, row) ? 'unchanged' : 'updated'
        })
        const inserts: Row[] = []
        const updates: Row[] = []
        for (const [key, row] of current) {
          const before = stored.get(key)
          if (!before) inserts.push(row)
          else if (!same(before, row)) updates.push(row)
        }
        const at = clock()
        if (inserts.length) await insert(tx, orgId, inserts, at)
        if (updates.length) {
          await tx.query(
            `UPDATE records r SET number = u.number, number_key = u.number_key, number_digits = u.number_digits, label = u.label,
               label_key = u.label_key, label_words = array_to_tsvector(string_to_array(u.words, ' ')), fields = u.fields, updated_at = $2
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
               AS u(type, id, number, number_key, number_digits, label, label_key, words, fields)
             WHERE r.org_id = $1 AND r.type = u.type AND r.id = u.id`,
            [orgId, at, ...arraysOf(updates)],
          )
        }
        return outcomes
      })
    },
    async insertMissing(orgId, records) {
      if (!records.length) return 0
      return db.transaction(async (tx) => {
        await lockOrg(tx, orgId)
        return (await insert(tx, orgId, records.map(rowOf), clock())).rowCount ?? 0
      })
    },
    async count(orgId) {
      const row = await db.query<{ n: string }>('SELECT count(*) AS n FROM records WHERE org_id = $1', [orgId])
      return Number(row.rows[0]?.n ?? 0)
    },
  }
}
