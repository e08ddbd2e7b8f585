// The fixed query mix of the record search benchmark: name prefixes, words inside names and
// numbers (with and without their prefix, whole and partial), some written out and the rest
// drawn with a seeded PRNG from the generated records, so every run asks the same things.

import type { StoredRecord } from '../../../sync-server/src/records/record-shape.ts'
import { createPrng } from '../../../sync-server/src/seed/prng.ts'

export const QueryKind = { prefix: 'name prefix', word: 'word in name', number: 'number' } as const
export type QueryKind = (typeof QueryKind)[keyof typeof QueryKind]

export interface BenchQuery {
  kind: QueryKind
  text: string
}

const FIXED: BenchQuery[] = [
  ...['a', 'm', 'ma', 'mar', 'maria', 'nor', 'north', 'sen', 'senior b', 'qa', 'zo', 'zoë s', 'ivan h'].map((text) => ({ kind: QueryKind.prefix, text })),
  ...['engineer', 'eng', 'logistics', 'smith', 'warehouse', 'senior eng', 'nurse', 'hansen', 'berlin', 'at', 'gmbh', 'data an'].map((text) => ({ kind: QueryKind.word, text })),
  ...['JOB-1042', 'job-10', '1042', 'CAN-3', 'PLC-77', '311', '1', '10', 'can-', 'COM-1', '#077', '99999'].map((text) => ({ kind: QueryKind.number, text })),
]

/** `perKind` queries of each kind: the fixed ones first, then drawn from `records`. */
export function queryMix(records: readonly StoredRecord[], perKind: number, seed = 7): BenchQuery[] {
  const rng = createPrng(seed)
  const drawn = (kind: QueryKind): BenchQuery => {
    const record = rng.pick(records)
    if (kind === QueryKind.prefix) return { kind, text: record.label.slice(0, rng.int(1, 8)).trim() || record.label }
    if (kind === QueryKind.word) {
      const words = record.label.split(/\s+/).slice(1)
      const word = words.length > 0 ? rng.pick(words) : record.label
      return { kind, text: word.slice(0, rng.int(3, 8)) }
    }
    const number = record.number
    const digits = number.replace(/^\D+/, '')
    const variants = [number, number.toLowerCase(), digits, number.slice(0, rng.int(4, number.length)), digits.slice(0, rng.int(1, digits.length))]
    return { kind, text: rng.pick(variants) }
  }
  const out: BenchQuery[] = []
  for (const kind of Object.values(QueryKind)) {
    const fixed = FIXED.filter((q) => q.kind === kind)
    for (let i = 0; i < perKind; i++) out.push(fixed[i] ?? drawn(kind))
  }
  // Interleaved, so that no kind runs all at once with a warm cache the others do not get.
  return out.map((q) => ({ q, order: rng.next() })).sort((a, b) => a.order - b.order).map((x) => x.q)
}
