// `?limit=` as validation middleware: a whole number from 1 to `max`, `fallback` when absent, and
// 400 `invalid_query` otherwise. Handlers read the checked value with `c.req.valid('query').limit`.

import { validator } from 'hono/validator'
import * as v from 'valibot'
import { ApiError } from './errors.ts'

export function limitQuery(fallback: number, max: number) {
  const Limit = v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(max))
  return validator('query', (query) => {
    const raw = query.limit
    if (raw === undefined) return { limit: fallback }
    const parsed = v.safeParse(Limit, Array.isArray(raw) ? raw[0] : raw)
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `limit must be a whole number from 1 to ${max}.`)
    return { limit: parsed.output }
  })
}
