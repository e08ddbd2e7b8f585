// The records this device has seen (in the @mention list or on a record page) or picked, kept in
// localStorage per person so that the list still finds them offline, and so that a mention's
// link can use the address the relay gave for it. Bounded: the least recently used go first.
// It is a convenience, not a copy of the directory: what it lacks, offline search cannot find.

import * as v from 'valibot'
import { matchRecords } from '../lib/record-match.ts'
import { RecordHitSchema, type RecordHit } from './records-api.ts'

/** Records kept per person; a few hundred labels are a few tens of KiB. */
export const RECORD_CACHE_LIMIT = 300

const EntrySchema = v.object({ ...RecordHitSchema.entries, at: v.number(), picked: v.boolean() })
type Entry = v.InferOutput<typeof EntrySchema>

export interface RecordCache {
  /** Remembers records shown to this person (search results, a record page). */
  saw(records: readonly RecordHit[]): void
  /** Remembers a record this person picked for a mention; it comes first in "recent". */
  picked(record: RecordHit): void
  get(type: string, id: string): RecordHit | undefined
  /** Remembered records matching `query`, best first. */
  search(query: string, limit: number): RecordHit[]
  /** Records picked here, most recent first (for "@" with nothing after it yet). */
  recent(limit: number): RecordHit[]
}

const keyOf = (userId: string) => `parley:records:${userId}`
const idOf = (r: { type: string; id: string }) => `${r.type}\u0000${r.id}`
const hitOf = ({ type, id, number, label, url, detail }: Entry): RecordHit => ({ type, id, number, label, url, ...(detail ? { detail } : {}) })

/** Forgets what `userId` has seen on this device (at sign-out). */
export function clearRecordCache(userId: string): void {
  try {
    localStorage.removeItem(keyOf(userId))
  } catch {
    // Storage disabled: there was nothing kept either.
  }
}

export function openRecordCache(userId: string, now: () => number = Date.now): RecordCache {
  const key = keyOf(userId)
  const entries = new Map<string, Entry>()
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    if (Array.isArray(raw)) for (const item of raw) if (v.is(EntrySchema, item)) entries.set(idOf(item), item)
  } catch {
    // A corrupt or unreadable entry is as good as none.
  }

  const save = () => {
    const kept = [...entries.values()].sort((a, b) => b.at - a.at).slice(0, RECORD_CACHE_LIMIT)
    if (kept.length < entries.size) {
      entries.clear()
      for (const entry of kept) entries.set(idOf(entry), entry)
    }
    try {
      localStorage.setItem(key, JSON.stringify(kept))
    } catch {
      // Storage full or disabled: the cache lives in memory until the page closes.
    }
  }
  const put = (record: RecordHit, picked: boolean) => {
    const old = entries.get(idOf(record))
    const { type, id, number, label, url, detail } = record
    entries.set(idOf(record), { type, id, number, label, url, ...(detail ? { detail } : {}), at: now(), picked: picked || (old?.picked ?? false) })
  }

  return {
    saw(records) {
      if (records.length === 0) return
      for (const record of records) put(record, false)
      save()
    },
    picked(record) {
      put(record, true)
      save()
    },
    get(type, id) {
      const entry = entries.get(idOf({ type, id }))
      return entry ? hitOf(entry) : undefined
    },
    search: (query, limit) => matchRecords(query, [...entries.values()], limit).map(hitOf),
    recent: (limit) =>
      [...entries.values()]
        .filter((e) => e.picked)
        .sort((a, b) => b.at - a.at)
        .slice(0, limit)
        .map(hitOf),
  }
}
