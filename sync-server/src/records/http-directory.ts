// A record directory answered by the host CRM over HTTP (PARLEY_RECORDS_URL), for a host that
// keeps its records itself. Calls have a timeout and answers a short cache; every answer is
// validated and every link checked, so nothing the host sends reaches a client unchecked.
// The protocol is in docs/records.md. People are added by people-directory.ts, not the host.

import { isSafeRecordUrl, type RecordType } from '@parley/chat-model'
import * as v from 'valibot'
import type { Logger } from '../log.ts'
import { RecordsError, type RecordDetail, type RecordDirectory, type RecordHit } from './directory.ts'
import { readStoredRecord, STORED_RECORD_TYPES, type StoredRecordType } from './record-shape.ts'
import { createTtlCache } from './ttl-cache.ts'
import { recordUrl, type UrlTemplates } from './url-template.ts'

export interface HttpDirectoryOptions {
  /** The host's search endpoint; a record is at `<url>/<type>/<id>`. */
  url: string
  /** Sent as `Authorization: Bearer <token>` when not empty. */
  token?: string
  timeoutMs: number
  /** How long an answer is reused; 0 asks the host every time. */
  cacheMs: number
  urls: UrlTemplates
  /** The organization's name, sent along with its id (hosts usually know their tenants by name). */
  orgName?: (orgId: string) => Promise<string | undefined>
  log?: Logger
  clock?: () => number
}

/** Largest answer read from the host; a bigger one is a bad answer. */
export const MAX_ANSWER_BYTES = 1024 * 1024
const CACHE_ENTRIES = 1000

const SearchAnswer = v.object({ records: v.array(v.unknown()) })
const RecordAnswer = v.object({ record: v.unknown() })
const HostLink = v.object({ url: v.optional(v.string()) })

export function createHttpDirectory(options: HttpDirectoryOptions): RecordDirectory {
  const cache = createTtlCache<unknown>({ ttlMs: options.cacheMs, maxEntries: CACHE_ENTRIES, ...(options.clock ? { clock: options.clock } : {}) })

  const endpoint = async (orgId: string, path: string[], params: Record<string, string>) => {
    const url = new URL(options.url)
    if (path.length > 0) url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path.map(encodeURIComponent).join('/')}`
    url.searchParams.set('org', orgId)
    const name = await options.orgName?.(orgId)
    if (name !== undefined) url.searchParams.set('orgName', name)
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
    return url
  }

  /** GET as JSON; null for a 404 when `notFoundIsNull`. Throws RecordsError for anything else. */
  const getJson = async (url: URL, notFoundIsNull: boolean): Promise<unknown> => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let res: Response
    try {
      // Redirects are not followed: the host is configured, and a 3xx is a bad answer below.
      res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) })
      if (notFoundIsNull && res.status === 404) {
        await res.body?.cancel()
        return null
      }
      if (!res.ok) {
        await res.body?.cancel()
        throw new RecordsError('bad_answer', `The records host answered ${res.status} for ${url.origin}${url.pathname}.`)
      }
      return JSON.parse(await readLimited(res, MAX_ANSWER_BYTES))
    } catch (err) {
      if (err instanceof RecordsError) throw err
      if (err instanceof SyntaxError) throw new RecordsError('bad_answer', `The records host answered with something that is not JSON.`)
      if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new RecordsError('timeout', `The records host did not answer within ${options.timeoutMs} ms.`)
      }
      throw new RecordsError('unreachable', `The records host could not be reached: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  /** A host's record: null when invalid; an unsafe or missing link becomes the relay's own. */
  const readHostRecord = (input: unknown): RecordDetail | null => {
    const read = readStoredRecord(input)
    if (!read.ok) {
      options.log?.warn({ reason: read.reason }, 'records host sent an invalid record; left out')
      return null
    }
    const { type, id, number, label, fields } = read.record
    const link = v.safeParse(HostLink, input)
    const hostUrl = link.success ? link.output.url : undefined
    const url = hostUrl !== undefined && isSafeRecordUrl(hostUrl) ? hostUrl : recordUrl(options.urls, { type, id, number })
    return { type, id, number, label, url, fields }
  }

  return {
    async search(orgId, query, limit) {
      const q = query.trim()
      const answer = await cache.get(`search\u0000${orgId}\u0000${limit}\u0000${q}`, async () =>
        getJson(await endpoint(orgId, [], { q, limit: String(limit) }), false),
      )
      const parsed = v.safeParse(SearchAnswer, answer)
      if (!parsed.success) throw new RecordsError('bad_answer', 'The records host\'s answer has no "records" array.')
      const hits: RecordHit[] = []
      for (const input of parsed.output.records) {
        const record = readHostRecord(input)
        if (record) hits.push({ type: record.type, id: record.id, number: record.number, label: record.label, url: record.url })
        if (hits.length >= limit) break
      }
      return hits
    },

    async get(orgId, type: RecordType, id) {
      // People are the relay's (people-directory.ts); the host is asked only about its own types.
      if (!STORED_RECORD_TYPES.includes(type as StoredRecordType)) return null
      const answer = await cache.get(`get\u0000${orgId}\u0000${type}\u0000${id}`, async () => getJson(await endpoint(orgId, [type, id], {}), true))
      if (answer === null) return null
      const parsed = v.safeParse(RecordAnswer, answer)
      if (!parsed.success) throw new RecordsError('bad_answer', 'The records host\'s answer has no "record".')
      const record = readHostRecord(parsed.output.record)
      // The host answers for the record it was asked about, or the answer is not used.
      if (!record || record.type !== type || record.id !== id) {
        throw new RecordsError('bad_answer', `The records host answered with another or an invalid record for ${type}/${id}.`)
      }
      return record
    },
  }
}

/** The body as text, refusing (RecordsError bad_answer) past `maxBytes`. */
async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await res.body?.cancel()
    throw new RecordsError('bad_answer', `The records host's answer is larger than ${maxBytes} bytes.`)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new RecordsError('bad_answer', `The records host's answer is larger than ${maxBytes} bytes.`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
