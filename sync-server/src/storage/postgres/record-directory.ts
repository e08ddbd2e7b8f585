// The record search of records/sqlite-directory.ts on PostgreSQL: the same four queries, best rank
// first (exact number, label prefix, number prefix, words of the label), each ordered by label
// key, type and id in byte order. Word search uses label_words, a tsvector of the label's words
// taken as they are, queried with prefix lexemes ('word':*) as FTS5's "word"* is. PostgreSQL text
// cannot hold NUL, so a query or id containing one simply finds nothing.

import type { RecordType } from '@parley/chat-model'
import type { RecordDetail, RecordDirectory, RecordHit } from '../../records/directory.ts'
import { parseSearchQuery, type SearchQuery } from '../../records/search-query.ts'
import { detailOf, readFields } from '../../records/sqlite-directory.ts'
import { recordUrl, type UrlTemplates } from '../../records/url-template.ts'
import type { Queryable } from './pool.ts'

interface HitRow {
  type: RecordType
  id: string
  number: string
  label: string
  fields: string
}

const TOP = '\u{10FFFF}'
const COLUMNS = 'r.type, r.id, r.number, r.label, r.fields'
const BY_LABEL = 'r.label_key, r.type, r.id'
const hasNul = (...values: string[]) => values.some((v) => v.includes('\u0000'))

type Query = (limit: number) => Promise<HitRow[]>

export function createPostgresRecordDirectory(db: Queryable, options: { urls: UrlTemplates }): RecordDirectory {
  const all = async (sql: string, params: unknown[]) => (await db.query<HitRow>(sql, params)).rows

  const numberColumn = (column: 'number_key' | 'number_digits') => {
    const ofLength = (orgId: string, length: number, from: string, to: string, limit: number) =>
      all(
        `SELECT ${COLUMNS} FROM records r WHERE r.org_id = $1 AND length(r.${column}) = $2 AND r.${column} >= $3 AND r.${column} < $4
         ORDER BY r.${column}, ${BY_LABEL} LIMIT $5`,
        [orgId, length, from, to, limit],
      )
    return {
      exact: (orgId: string, value: string): Query => (limit) =>
        all(`SELECT ${COLUMNS} FROM records r WHERE r.org_id = $1 AND length(r.${column}) = $2 AND r.${column} = $3 ORDER BY ${BY_LABEL} LIMIT $4`, [
          orgId,
          value.length,
          value,
          limit,
        ]),
      prefix: (orgId: string, value: string): Query => async (limit) => {
        const rows: HitRow[] = []
        const longest = await db.query<{ n: number | null }>(`SELECT max(length(${column})) AS n FROM records WHERE org_id = $1`, [orgId])
        const max = longest.rows[0]?.n ?? 0
        for (let length = value.length + 1; length <= max && rows.length < limit; length++) {
          rows.push(...(await ofLength(orgId, length, value, value + TOP, limit - rows.length)))
        }
        return rows
      },
    }
  }
  const numberKey = numberColumn('number_key')
  const numberDigits = numberColumn('number_digits')

  const queriesFor = (orgId: string, q: SearchQuery): Query[] => {
    const number = q.digits !== null ? numberDigits : q.numberKey !== null ? numberKey : null
    const value = q.digits ?? q.numberKey ?? ''
    const queries: Query[] = []
    if (number) queries.push(number.exact(orgId, value))
    if (!hasNul(q.labelKey)) {
      queries.push((n) =>
        all(`SELECT ${COLUMNS} FROM records r WHERE r.org_id = $1 AND r.label_key >= $2 AND r.label_key < $3 ORDER BY ${BY_LABEL} LIMIT $4`, [
          orgId,
          q.labelKey,
          q.labelKey + TOP,
          n,
        ]),
      )
    }
    if (number) queries.push(number.prefix(orgId, value))
    // Words hold only letters and digits (wordsOf), so quoting each as a lexeme is all it takes.
    const match = q.words.map((w) => `'${w}':*`).join(' & ')
    if (match) {
      queries.push((n) => all(`SELECT ${COLUMNS} FROM records r WHERE r.org_id = $1 AND r.label_words @@ $2::tsquery ORDER BY ${BY_LABEL} LIMIT $3`, [orgId, match, n]))
    }
    return queries
  }

  const toHit = (row: HitRow): RecordHit => {
    const detail = detailOf(readFields(row.fields))
    return { type: row.type, id: row.id, number: row.number, label: row.label, url: recordUrl(options.urls, row), ...(detail ? { detail } : {}) }
  }

  return {
    async search(orgId, query, limit) {
      const q = parseSearchQuery(query)
      if (!q || hasNul(orgId)) return []
      const hits: RecordHit[] = []
      const seen = new Set<string>()
      for (const run of queriesFor(orgId, q)) {
        if (hits.length >= limit) break
        for (const row of await run(limit + hits.length)) {
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
      if (hasNul(orgId, type, id)) return null
      const row = (await all('SELECT type, id, number, label, fields FROM records WHERE org_id = $1 AND type = $2 AND id = $3', [orgId, type, id]))[0]
      if (!row) return null
      const { detail: _line, ...hit } = toHit(row)
      return { ...hit, fields: readFields(row.fields) } satisfies RecordDetail
    },
  }
}
