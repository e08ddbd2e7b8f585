import { describe, expect, it } from 'vitest'
import { labelKeyOf, MatchRank, numberDigitsOf, numberKeyOf, parseSearchQuery, rankOf, type SearchQuery } from './search-query.ts'

const query = (text: string): SearchQuery => {
  const q = parseSearchQuery(text)
  if (!q) throw new Error(`"${text}" is not a query`)
  return q
}

describe('search keys', () => {
  it('compares labels without case, accents or extra spaces', () => {
    expect(labelKeyOf('  Zoë   ÅNGSTRÖM ')).toBe('zoe angstrom')
    expect(labelKeyOf('José García')).toBe(labelKeyOf('jose garcia'))
  })

  it('compares numbers by letters and digits, and by their digits alone', () => {
    expect(numberKeyOf('job-1042')).toBe('JOB1042')
    expect(numberKeyOf('PLC 77')).toBe('PLC77')
    expect(numberDigitsOf('JOB-1042')).toBe('1042')
    expect(numberDigitsOf('PLC-0077')).toBe('77')
    expect(numberDigitsOf('X-0')).toBe('0')
    expect(numberDigitsOf('ACME')).toBe('')
  })
})

describe('parseSearchQuery', () => {
  it('reads a name, a number and digits', () => {
    expect(parseSearchQuery('  @Ann Smi ')).toEqual({ text: 'Ann Smi', labelKey: 'ann smi', words: ['ann', 'smi'], numberKey: null, digits: null })
    expect(query('JOB-1042')).toMatchObject({ numberKey: 'JOB1042', digits: null })
    expect(query('job-10')).toMatchObject({ numberKey: 'JOB10', digits: null })
    expect(query('job-')).toMatchObject({ numberKey: 'JOB', digits: null })
    expect(query('1042')).toMatchObject({ numberKey: '1042', digits: '1042' })
    expect(query('#077')).toMatchObject({ digits: '77' })
    expect(query('job')).toMatchObject({ numberKey: null, words: ['job'] })
  })

  it('has nothing to search in an empty text', () => {
    expect(parseSearchQuery('')).toBeNull()
    expect(parseSearchQuery('  @ ')).toBeNull()
  })

  it('keeps only letters and digits as words, so FTS syntax in a query is inert', () => {
    expect(query('"a" OR b* NEAR(c) -d').words).toEqual(['a', 'or', 'b', 'near', 'c', 'd'])
  })
})

describe('rankOf', () => {
  const job = { number: 'JOB-1042', label: 'Senior Backend Engineer at Northwind' }
  it('ranks an exact number, then a label prefix, then a number prefix, then words', () => {
    expect(rankOf(query('JOB-1042'), job)).toBe(MatchRank.exactNumber)
    expect(rankOf(query('1042'), job)).toBe(MatchRank.exactNumber)
    expect(rankOf(query('senior back'), job)).toBe(MatchRank.labelPrefix)
    expect(rankOf(query('job-10'), job)).toBe(MatchRank.numberPrefix)
    expect(rankOf(query('104'), job)).toBe(MatchRank.numberPrefix)
    expect(rankOf(query('engineer north'), job)).toBe(MatchRank.words)
    expect(rankOf(query('gineer'), job)).toBe(MatchRank.other)
    expect(rankOf(query('PLC-1042'), job)).toBe(MatchRank.other)
  })
})
