// What a search text means for records: the keys a label and a number are matched on, the words
// of a query, and how well a record matches (the ranking every directory sorts by). Pure
// functions; running the search is each directory's job.

/** How a record matched, best first. Directories list results in this order, then by label. */
export const MatchRank = { exactNumber: 0, labelPrefix: 1, numberPrefix: 2, words: 3, other: 4 } as const
export type MatchRank = (typeof MatchRank)[keyof typeof MatchRank]

export const MAX_QUERY_WORDS = 8

export interface SearchQuery {
  /** The text as typed, trimmed, without a leading `@`. */
  text: string
  /** `text` as a label key, for "the label starts with". */
  labelKey: string
  /** The words of `text` (label-key form), each matched as the start of a word of the label. */
  words: string[]
  /** `JOB10` for "job-10": set when the text looks like (the start of) a number, else null. */
  numberKey: string | null
  /** `1042` for "1042" or "#01042": set when the text is only digits, else null. */
  digits: string | null
}

/**
 * A label as it is compared: accents removed, lower case, runs of spaces as one.
 * @example labelKeyOf('  Zoë  Ångström ') // 'zoe angstrom'
 */
export const labelKeyOf = (label: string): string =>
  label.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim()

/** A number as it is compared: letters and digits only, upper case. `job-1042` → `JOB1042`. */
export const numberKeyOf = (number: string): string => number.toUpperCase().replace(/[^A-Z0-9]/g, '')

/** The number's last run of digits without leading zeros (`PLC-0077` → `77`), or '' if none. */
export const numberDigitsOf = (number: string): string => {
  const match = /(\d+)\D*$/.exec(number)
  return match?.[1] ? match[1].replace(/^0+(?=\d)/, '') : ''
}

/** Words of a text in label-key form: runs of letters and digits. */
export const wordsOf = (text: string): string[] => labelKeyOf(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean)

/** Reads a search text. Returns null when nothing searchable is left (e.g. only "@"). */
export function parseSearchQuery(raw: string): SearchQuery | null {
  const text = raw.trim().replace(/^@+/, '').trim()
  if (text === '') return null
  const key = numberKeyOf(text)
  // "job-" is the start of a number too; "job" alone is more likely a word of a label.
  const looksLikeNumber = key !== '' && (/\d/.test(text) || /^[a-z]+\s*[-#]$/i.test(text))
  const digitsOnly = /^#?\d+$/.exec(text) !== null
  return {
    text,
    labelKey: labelKeyOf(text),
    words: wordsOf(text).slice(0, MAX_QUERY_WORDS),
    numberKey: looksLikeNumber ? key : null,
    digits: digitsOnly ? numberDigitsOf(text) : null,
  }
}

/** How well a record matches the query; the same rule the SQLite directory's queries follow. */
export function rankOf(query: SearchQuery, record: { number: string; label: string }): MatchRank {
  const numberKey = record.number ? numberKeyOf(record.number) : ''
  const digits = record.number ? numberDigitsOf(record.number) : ''
  if (numberKey !== '' && ((query.digits !== null && digits === query.digits) || (query.digits === null && query.numberKey === numberKey))) {
    return MatchRank.exactNumber
  }
  const labelKey = labelKeyOf(record.label)
  if (labelKey.startsWith(query.labelKey)) return MatchRank.labelPrefix
  if (numberKey !== '' && ((query.digits !== null && digits.startsWith(query.digits)) || (query.numberKey !== null && numberKey.startsWith(query.numberKey)))) {
    return MatchRank.numberPrefix
  }
  const labelWords = wordsOf(record.label)
  if (query.words.length > 0 && query.words.every((w) => labelWords.some((lw) => lw.startsWith(w)))) return MatchRank.words
  return MatchRank.other
}

/** Best match first, then by label (without case or accents), then type and id for a stable order. */
export function compareMatches(a: { rank: number; labelKey: string; type: string; id: string }, b: typeof a): number {
  return a.rank - b.rank || cmp(a.labelKey, b.labelKey) || cmp(a.type, b.type) || cmp(a.id, b.id)
}

// UTF-16 code-unit order; SQLite's BINARY collation (UTF-8 bytes) agrees except past U+FFFF.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
