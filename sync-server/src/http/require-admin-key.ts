// Middleware of the provisioning API (/api/admin): `Authorization: Bearer <PARLEY_ADMIN_API_KEY>`,
// compared in constant time, never a cookie. Every call is logged, answered or refused.

import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../log.ts'
import { ApiError } from './errors.ts'

// Digests have one length whatever the key's, so the comparison takes the same time for a key
// of the wrong length as for a wrong key of the right one.
const digest = (text: string) => createHash('sha256').update(text).digest()

/** `key` empty: the API is off and every call is refused with 404 `admin_api_off`. */
export function requireAdminKey(key: string, log: Logger): MiddlewareHandler {
  const expected = key ? digest(key) : null
  return async (c, next) => {
    const started = Date.now()
    const entry = { method: c.req.method, path: c.req.path }
    try {
      if (!expected) throw new ApiError(404, 'admin_api_off', 'The admin API is off on this relay (set PARLEY_ADMIN_API_KEY and PARLEY_HOST_JWT_ISSUER).')
      const given = c.req.header('authorization')?.match(/^Bearer[ ]+(.+?)[ ]*$/i)?.[1]
      if (!given || !timingSafeEqual(digest(given), expected)) {
        throw new ApiError(401, 'invalid_admin_key', 'Send the admin key as Authorization: Bearer <PARLEY_ADMIN_API_KEY>.')
      }
      await next()
      log.info({ ...entry, status: c.res.status, ms: Date.now() - started }, 'admin call')
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 500
      log.warn({ ...entry, status, ms: Date.now() - started, error: err instanceof ApiError ? err.code : 'internal' }, 'admin call refused')
      throw err
    }
  }
}
