// Matching records on this device, for the @mention list when the relay cannot be asked: the
// same ranking the relay's directories use (docs/records.md, "Searching"), in a few lines, over
// the few hundred records a device remembers. Not a search engine: it scans a list.

/** The fields a record is matched on. */
export interface Matchable {
  number: string
  label: string
}

const Rank = { exactNumber: 0, labelPrefix: 1, numberPrefix: 2, words: 3, none: 4 } as const

/** A label as compared: no accents, lower case, runs of spaces as one. */
const labelKey = (label: string) => label.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim()
const numberKey = (number: string) => number.toUpperCase().replace(/[^A-Z0-9]/gu, '')
const digitsOf = (number: string) => /(\d+)\D*$/u.exec(number)?.[1]?.replace(/^0+(?=\d)/u, '') ?? ''
const wordsOf = (text: string) => labelKey(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean)

/** How well `record` matches `query`: 0 (its number) to 3 (words of its label), or null. */
export function matchRank(query: string, record: Matchable): number | null {
  const text = query.trim().replace(/^@+/u, '').trim()
  if (text === '') return null
  const qKey = numberKey(text)
  const looksLikeNumber = qKey !== '' && (/\d/u.test(text) || /^[a-z]+\s*[-#]$/iu.test(text))
  const qDigits = /^#?\d+$/u.test(text) ? digitsOf(text) : null
  const rKey = numberKey(record.number)
  const rDigits = digitsOf(record.number)

  let rank: number = Rank.none
  if (rKey !== '' && (qDigits !== null ? rDigits === qDigits : looksLikeNumber && rKey === qKey)) rank = Rank.exactNumber
  else if (labelKey(record.label).startsWith(labelKey(text))) rank = Rank.labelPrefix
  else if (rKey !== '' && (qDigits !== null ? rDigits.startsWith(qDigits) : looksLikeNumber && rKey.startsWith(qKey))) rank = Rank.numberPrefix
  else {
    const words = wordsOf(text)
    const labelWords = wordsOf(record.label)
    if (words.length > 0 && words.every((w) => labelWords.some((lw) => lw.startsWith(w)))) rank = Rank.words
  }
  return rank === Rank.none ? null : rank
}

/**
 * The records that match `query`, best first, then by label, at most `limit`.
 * @example matchRecords('JOB-10', records, 8)
 */
export function matchRecords<T extends Matchable>(query: string, records: readonly T[], limit: number): T[] {
  return records
    .flatMap((record) => {
      const rank = matchRank(query, record)
      return rank === null ? [] : [{ record, rank, key: labelKey(record.label) }]
    })
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit)
    .map((hit) => hit.record)
}
