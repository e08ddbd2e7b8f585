// The relay's records endpoints (docs/protocol.md): search for the @mention list and one record
// for its page. Answers are checked record by record, so one odd record from a host CRM drops
// out instead of failing the list. Labels and fields stay plain strings: rendering them as text
// is the components' job.

import * as v from 'valibot'
import { RECORD_TYPES } from '@parley/chat-model'
import { ApiError, request } from './api.ts'

export const RecordHitSchema = v.object({
  type: v.picklist(RECORD_TYPES),
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  number: v.pipe(v.string(), v.maxLength(64)),
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  url: v.pipe(v.string(), v.maxLength(2048)),
  /** A second line that tells records of one name apart (company, title or email). */
  detail: v.optional(v.pipe(v.string(), v.maxLength(300))),
})
/** A search result: what the list shows and what a mention is made of. */
export type RecordHit = v.InferOutput<typeof RecordHitSchema>

export const RecordDetailSchema = v.object({ ...RecordHitSchema.entries, fields: v.record(v.string(), v.string()) })
/** A record for its page: the hit and its named fields, in display order. */
export type RecordDetail = v.InferOutput<typeof RecordDetailSchema>

const SearchAnswer = v.object({ records: v.array(v.unknown()) })
const RecordAnswer = v.object({ record: RecordDetailSchema })

/** The relay's query limit; longer text is cut, not refused. */
const MAX_QUERY = 100

export const recordsApi = {
  /** Records matching `query`, best first. Rejects with `ApiError` (`network` when offline). */
  async search(query: string, limit: number, signal?: AbortSignal): Promise<RecordHit[]> {
    const params = new URLSearchParams({ q: query.slice(0, MAX_QUERY), limit: String(limit) })
    const { records } = await request(SearchAnswer, `/records?${params}`, signal ? { signal } : undefined)
    return records.filter((r): r is RecordHit => v.is(RecordHitSchema, r))
  },
  /** One record, or null when the organization has none with that type and id (404). */
  async get(type: string, id: string): Promise<RecordDetail | null> {
    try {
      const { record } = await request(RecordAnswer, `/records/${encodeURIComponent(type)}/${encodeURIComponent(id)}`)
      return record
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null
      throw error
    }
  },
}
