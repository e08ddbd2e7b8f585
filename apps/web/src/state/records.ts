// Records for a signed-in person: the cache of records seen on this device, a search per
// @mention list, one record for its page, and where a mention links. Components reach it with
// `useRecords()`; it is built once per session by the shell.

import { createContext, useContext, type Accessor } from 'solid-js'
import type { RecordType } from '@parley/chat-model'
import { recordPath, safeLink } from '../lib/safe-url.ts'
import type { Person } from './api.ts'
import { ApiError } from './api.ts'
import { openRecordCache, type RecordCache } from './record-cache.ts'
import { openRecordDetails } from './record-details.ts'
import { createRecordSearch, type RecordSearch } from './record-search.ts'
import { recordsApi, type RecordDetail, type RecordHit } from './records-api.ts'

export type { RecordDetail, RecordHit }

export interface MentionLink {
  href: string
  /** A page of this app, opened in place by the router; otherwise a page of the host CRM. */
  internal: boolean
}

export interface Records {
  cache: RecordCache
  /** A search for one @mention list; call under the list's owner. */
  createSearch(): RecordSearch
  /**
   * One record for its page, or null when there is none (it is remembered when found). Without a
   * network, the copy this device kept of a page seen before, marked `kept`.
   */
  get(type: RecordType, id: string): Promise<(RecordDetail & { kept?: true }) | null>
  /**
   * Where a mention of `type`/`id` links: the address the relay gave for it, if this device has
   * it and it is http(s) or a same-origin path, else the record's page here. Never anything
   * taken from a message.
   */
  linkOf(target: { type: RecordType; id: string }): MentionLink
}

const personHit = (p: Person): RecordHit => ({ type: 'person', id: p.id, number: '', label: p.name, url: recordPath('person', p.id), detail: p.email })

export function createRecords(me: { id: string }, people: Accessor<Person[]>): Records {
  const cache = openRecordCache(me.id)
  const details = openRecordDetails(me.id)
  return {
    cache,
    createSearch: () => createRecordSearch({ cache, people: () => people().map(personHit) }),
    async get(type, id) {
      try {
        const record = await recordsApi.get(type, id)
        if (record) {
          cache.saw([record])
          details.keep(record)
        }
        return record
      } catch (error) {
        const kept = error instanceof ApiError && error.code === 'network' ? details.get(type, id) : undefined
        if (kept) return { ...kept, kept: true as const }
        throw error
      }
    },
    linkOf(target) {
      const fallback = recordPath(target.type, target.id)
      const known = cache.get(target.type, target.id)?.url
      return (known && safeLink(known, location.origin)) || { href: fallback, internal: true }
    },
  }
}

const RecordsContext = createContext<Records>()
export const RecordsProvider = RecordsContext.Provider

export function useRecords(): Records {
  const records = useContext(RecordsContext)
  if (!records) throw new Error('useRecords() must be called under <RecordsProvider>')
  return records
}
