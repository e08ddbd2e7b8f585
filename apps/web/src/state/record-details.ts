// Record pages this device has shown, kept in localStorage per person (the 50 most recent), so
// that a record seen before opens offline. A copy, possibly out of date: the page says so.

import * as v from 'valibot'
import { RecordDetailSchema, type RecordDetail } from './records-api.ts'

const LIMIT = 50
const keyOf = (userId: string) => `parley:record-pages:${userId}`
const idOf = (type: string, id: string) => `${type}\u0000${id}`

export interface RecordDetails {
  get(type: string, id: string): RecordDetail | undefined
  keep(record: RecordDetail): void
}

/** Forgets the record pages kept for `userId` (at sign-out). */
export function clearRecordDetails(userId: string): void {
  try {
    localStorage.removeItem(keyOf(userId))
  } catch {
    // Storage disabled: nothing was kept.
  }
}

export function openRecordDetails(userId: string): RecordDetails {
  const key = keyOf(userId)
  const read = (): RecordDetail[] => {
    try {
      const raw: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
      return Array.isArray(raw) ? raw.filter((r): r is RecordDetail => v.is(RecordDetailSchema, r)) : []
    } catch {
      return [] // A corrupt entry is as good as none.
    }
  }
  return {
    get: (type, id) => read().find((r) => idOf(r.type, r.id) === idOf(type, id)),
    keep(record) {
      const rest = read().filter((r) => idOf(r.type, r.id) !== idOf(record.type, record.id))
      try {
        localStorage.setItem(key, JSON.stringify([record, ...rest].slice(0, LIMIT)))
      } catch {
        // Storage full or disabled: the page still shows, it just will not open offline.
      }
    },
  }
}
