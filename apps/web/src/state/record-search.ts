// The search behind one @mention list: asks the relay a moment after the last keystroke,
// cancels the request a newer query makes stale, remembers what it shows, and falls back to
// the records this device remembers (and the organization's people) when the relay cannot be
// reached. It says which of these the results are, so the list can say they are limited.

import { createSignal, onCleanup, type Accessor } from 'solid-js'
import { matchRecords } from '../lib/record-match.ts'
import type { RecordCache } from './record-cache.ts'
import { ApiError } from './api.ts'
import { recordsApi, type RecordHit } from './records-api.ts'

export const SearchStatus = {
  idle: 'idle',
  /** "@" alone: the records picked here lately. */
  recent: 'recent',
  /** Waiting for the relay; the results are those of the previous query. */
  searching: 'searching',
  done: 'done',
  /** No network: only what this device remembers. */
  offline: 'offline',
  /** The relay (or the host CRM behind it) did not answer: only what this device remembers. */
  unavailable: 'unavailable',
} as const
export type SearchStatus = (typeof SearchStatus)[keyof typeof SearchStatus]

export interface RecordSearch {
  results: Accessor<RecordHit[]>
  status: Accessor<SearchStatus>
  /** Looks `query` up (text after "@"), or stops and empties the list when null. */
  set(query: string | null): void
}

export interface RecordSearchOptions {
  cache: RecordCache
  /** The organization's people as hits, always searchable on this device. */
  people: () => RecordHit[]
  limit?: number
  /** Quiet time after a keystroke before the relay is asked. */
  debounceMs?: number
  online?: () => boolean
}

/** Call under a reactive owner: pending requests are cancelled when it is disposed. */
export function createRecordSearch(options: RecordSearchOptions): RecordSearch {
  const { cache, limit = 8, debounceMs = 120 } = options
  const online = options.online ?? (() => navigator.onLine)
  const [results, setResults] = createSignal<RecordHit[]>([])
  const [status, setStatus] = createSignal<SearchStatus>(SearchStatus.idle)
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: AbortController | undefined
  let latest = 0

  const local = (query: string) => {
    const seen = new Set<string>()
    const pool = [...cache.search(query, limit * 2), ...options.people()].filter((r) => {
      const key = `${r.type}:${r.id}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
    return matchRecords(query, pool, limit)
  }
  const stop = () => {
    clearTimeout(timer)
    inFlight?.abort()
    inFlight = undefined
  }
  onCleanup(stop)

  const ask = async (query: string, ticket: number) => {
    const controller = new AbortController()
    inFlight = controller
    try {
      const hits = await recordsApi.search(query, limit, controller.signal)
      if (ticket !== latest) return
      cache.saw(hits)
      setResults(hits)
      setStatus(SearchStatus.done)
    } catch (error) {
      if (ticket !== latest || controller.signal.aborted) return // A newer query took over.
      setResults(local(query))
      const offline = !online() || (error instanceof ApiError && error.code === 'network')
      setStatus(offline ? SearchStatus.offline : SearchStatus.unavailable)
    } finally {
      if (inFlight === controller) inFlight = undefined
    }
  }

  return {
    results,
    status,
    set(raw) {
      stop()
      const ticket = ++latest
      if (raw === null) {
        setResults([])
        setStatus(SearchStatus.idle)
        return
      }
      const query = raw.trim()
      if (query === '') {
        setResults(cache.recent(limit))
        setStatus(SearchStatus.recent)
      } else if (!online()) {
        setResults(local(query))
        setStatus(SearchStatus.offline)
      } else {
        setStatus(SearchStatus.searching)
        timer = setTimeout(() => void ask(query, ticket), debounceMs)
      }
    },
  }
}
