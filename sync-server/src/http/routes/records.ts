// GET /api/records?q=&limit= searches the caller's organization's records and people for an
// @mention; GET /api/records/:type/:id is one record for its page. Only ever the caller's
// organization; what matches and in which order is the RecordDirectory's business.

import { RECORD_TYPES, type RecordType } from '@parley/chat-model'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Logger } from '../../log.ts'
import { RecordsError, type RecordDirectory } from '../../records/directory.ts'
import { MAX_ID_LENGTH } from '../../records/record-shape.ts'
import type { AuthEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { limitQuery } from '../limit-query.ts'

export const DEFAULT_RECORD_LIMIT = 10
export const MAX_RECORD_LIMIT = 50
export const MAX_QUERY_LENGTH = 100

const Query = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_QUERY_LENGTH))

const isRecordType = (value: string): value is RecordType => (RECORD_TYPES as readonly string[]).includes(value)

export const recordsRoutes = (deps: { records: RecordDirectory; log: Logger }) => {
  /** A directory that asks another service may fail: 502 with a stable code, the detail in the log. */
  const unavailable = (err: unknown): never => {
    if (!(err instanceof RecordsError)) throw err
    deps.log.warn({ reason: err.reason, detail: err.message }, 'record directory failed')
    throw new ApiError(502, 'records_unavailable', 'Records cannot be searched right now; try again in a moment.')
  }

  return new Hono<AuthEnv>()
    .get('/records', limitQuery(DEFAULT_RECORD_LIMIT, MAX_RECORD_LIMIT), async (c) => {
      const query = v.safeParse(Query, c.req.query('q') ?? '')
      if (!query.success) throw new ApiError(400, 'invalid_query', `q must be 1 to ${MAX_QUERY_LENGTH} characters.`)
      const { limit } = c.req.valid('query')
      const hits = await deps.records.search(c.get('user').orgId, query.output, limit).catch(unavailable)
      return c.json({ records: hits.map(({ type, id, number, label, url, detail }) => ({ type, id, number, label, url, ...(detail ? { detail } : {}) })) })
    })
    .get('/records/:type/:id', async (c) => {
      const { type, id } = c.req.param()
      const notFound = () => new ApiError(404, 'not_found', 'Your organization has no such record.')
      if (!isRecordType(type) || id.length === 0 || id.length > MAX_ID_LENGTH) throw notFound()
      const record = await deps.records.get(c.get('user').orgId, type, id).catch(unavailable)
      if (!record) throw notFound()
      const { number, label, url, fields } = record
      return c.json({ record: { type: record.type, id: record.id, number, label, url, fields } })
    })
}
