// The default record directory: the relay's own `records` table (see the storage migration),
// searched with indexes on normalized labels and numbers and an FTS5 index of label words.
// Every query is scoped to one organization. People are added by people-directory.ts.

import type { RecordType } from '@parley/chat-model'
import type { Db } from '../storage/database.ts'
import type { RecordDetail, RecordDirectory, RecordHit } from './directory.ts'
import { parseSearchQuery, type SearchQuery } from './search-query.ts'
import { recordUrl, type UrlTemplates } from './url-template.ts'

interface HitRow {
  type: RecordType
  id: string
  number: string
  label: string
  fields: string
}

// Above every character a key can hold, so `key >= p AND key < p || TOP` is "starts with p"
// and can walk an index (LIKE could not: it ignores case, the index does not).
const TOP = '\u{10FFFF}'
const COLUMNS = 'r.type, r.id, r.number, r.label, r.fields'
const BY_LABEL = 'r.label_key, r.type, r.id'

type Query = (limit: number) => HitRow[]

export function createSqliteDirectory(db: Db, options: { urls: UrlTemplates }): RecordDirectory {
  const byLabelPrefix = db.prepare<[string, string, string, number], HitRow>(
    `SELECT ${COLUMNS} FROM records r WHERE r.org_id = ? AND r.label_key >= ? AND r.label_key < ? ORDER BY ${BY_LABEL} LIMIT ?`,
  )
  const byWords = db.prepare<[string, string, number], HitRow>(
    `SELECT ${COLUMNS} FROM records_fts f JOIN records r ON r.seq = f.rowid WHERE records_fts MATCH ? AND r.org_id = ? ORDER BY ${BY_LABEL} LIMIT ?`,
  )
  const byId = db.prepare<[string, string, string], HitRow>(
    'SELECT type, id, number, label, fields FROM records WHERE org_id = ? AND type = ? AND id = ?',
  )

  /**
   * Exact and prefix matches on one number column (`number_key` or `number_digits`), through its
   * (org, length, value) index: numbers of one length at a time, shortest first, so that "JOB-10"
   * lists JOB-10, then JOB-100 … JOB-109, then JOB-1000 …, and nothing is sorted but ties.
   */
  const numberColumn = (column: 'number_key' | 'number_digits') => {
    const ofLength = db.prepare<[string, number, string, string, number], HitRow>(
      `SELECT ${COLUMNS} FROM records r WHERE r.org_id = ? AND length(r.${column}) = ? AND r.${column} >= ? AND r.${column} < ?
       ORDER BY r.${column}, ${BY_LABEL} LIMIT ?`,
    )
    const longest = db.prepare<[string], { n: number | null }>(`SELECT max(length(${column})) AS n FROM records WHERE org_id = ?`)
    return {
      // [value, value + NUL) holds value alone.
      exact: (orgId: string, value: string): Query => (limit) => ofLength.all(orgId, value.length, value, value + '\u0000', limit),
      /** Longer numbers that start with `value` (the exact one is left to `exact`). */
      prefix: (orgId: string, value: string): Query => (limit) => {
        const rows: HitRow[] = []
        const max = longest.get(orgId)?.n ?? 0
        for (let length = value.length + 1; length <= max && rows.length < limit; length++) {
          rows.push(...ofLength.all(orgId, length, value, value + TOP, limit - rows.length))
        }
        return rows
      },
    }
  }
  const numberKey = numberColumn('number_key')
  const numberDigits = numberColumn('number_digits')

  /**
   * One query per MatchRank, best rank first: exact number, label prefix, number prefix, words.
   * Each returns at most `limit` rows.
   */
  const queriesFor = (orgId: string, q: SearchQuery): Query[] => {
    const number = q.digits !== null ? numberDigits : q.numberKey !== null ? numberKey : null
    const value = q.digits ?? q.numberKey ?? ''
    const queries: Query[] = []
    if (number) queries.push(number.exact(orgId, value))
    queries.push((n) => byLabelPrefix.all(orgId, q.labelKey, q.labelKey + TOP, n))
    if (number) queries.push(number.prefix(orgId, value))
    // Words hold only letters and digits (wordsOf), so quoting them is all FTS5 needs.
    const match = q.words.map((w) => `"${w}"*`).join(' ')
    if (match) queries.push((n) => byWords.all(match, orgId, n))
    return queries
  }

  const toHit = (row: HitRow): RecordHit => {
    const detail = detailOf(readFields(row.fields))
    return { type: row.type, id: row.id, number: row.number, label: row.label, url: recordUrl(options.urls, row), ...(detail ? { detail } : {}) }
  }

  return {
    async search(orgId, query, limit) {
      const q = parseSearchQuery(query)
      if (!q) return []
      const hits: RecordHit[] = []
      const seen = new Set<string>()
      // Better ranks come first, so once `limit` records are found the rest cannot make the cut.
      for (const run of queriesFor(orgId, q)) {
        if (hits.length >= limit) break
        // Asking for as many more as were already found leaves room for those seen again.
        for (const row of run(limit + hits.length)) {
          const key = `${row.type}\u0000${row.id}`
          if (seen.has(key)) continue
          seen.add(key)
          hits.push(toHit(row))
          if (hits.length >= limit) break
        }
      }
      return hits
    },

    async get(orgId, type, id) {
      const row = byId.get(orgId, type, id)
      if (!row) return null
      const { detail: _line, ...hit } = toHit(row)
      const detail: RecordDetail = { ...hit, fields: readFields(row.fields) }
      return detail
    },
  }
}

/** The stored fields JSON as name → text; anything else in it (never written by the store) is left out. */
export const readFields = (json: string): Record<string, string> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/** Fields that tell two records of one name apart, best first. */
const DETAIL_FIELDS = ['company', 'client', 'current title', 'title', 'job title', 'email']

/** The record's second line in the @mention list: a company, a title or an email, else its first field. */
export function detailOf(fields: Record<string, string>): string {
  const byName = new Map(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value]))
  for (const name of DETAIL_FIELDS) {
    const value = byName.get(name)
    if (value) return value
  }
  return Object.values(fields)[0] ?? ''
}
