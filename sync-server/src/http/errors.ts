// The HTTP API's one error type and the handlers that turn errors into JSON `{ error, message }`.
// `error` is a stable code clients may switch on; `message` is for people and may change.

import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from '../log.ts'
import { isStorageUnavailable, UnstorableTextError } from '../storage/storage-failure.ts'

export const ApiErrorCode = {
  invalidBody: 'invalid_body',
  invalidQuery: 'invalid_query',
  bodyTooLarge: 'body_too_large',
  invalidCredentials: 'invalid_credentials',
  tooManyAttempts: 'too_many_attempts',
  unauthorized: 'unauthorized',
  forbiddenOrigin: 'forbidden_origin',
  notFound: 'not_found',
  recordsUnavailable: 'records_unavailable',
  hostSignInOff: 'host_sign_in_off',
  hostTokenInvalid: 'host_token_invalid',
  hostTokenAlgorithm: 'host_token_algorithm',
  hostTokenExpired: 'host_token_expired',
  hostTokenNotYetValid: 'host_token_not_yet_valid',
  hostTokenIssuer: 'host_token_issuer',
  hostTokenAudience: 'host_token_audience',
  hostTokenClaims: 'host_token_claims',
  hostTokenLifetime: 'host_token_lifetime',
  hostTokenReplayed: 'host_token_replayed',
  hostUserDeactivated: 'host_user_deactivated',
  hostKeysUnavailable: 'host_keys_unavailable',
  adminApiOff: 'admin_api_off',
  invalidAdminKey: 'invalid_admin_key',
  storageUnavailable: 'storage_unavailable',
  internal: 'internal',
} as const
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode]

export class ApiError extends HTTPException {
  override name = 'ApiError'
  constructor(
    override readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    /** Sent as `Retry-After` (whole seconds, rounded up) with a 429 or 503. */
    readonly retryAfterMs?: number,
  ) {
    super(status, { message })
  }
}

const retryAfterHeader = (ms: number | undefined): Record<string, string> =>
  ms === undefined ? {} : { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) }

/** Codes for HTTPExceptions that Hono's own middleware throws; other 4xx count as a bad request. */
const CODE_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  401: ApiErrorCode.unauthorized,
  404: ApiErrorCode.notFound,
  413: ApiErrorCode.bodyTooLarge,
}

/** Why text with U+0000 is refused, on every storage engine (readJsonBody checks bodies first). */
export const NUL_MESSAGE = 'Text may not contain the NUL character (U+0000).'

const INTERNAL_MESSAGE = 'Something went wrong on the relay. It has been logged.'

/**
 * `app.onError`: ApiError as its JSON; any other HTTPException (thrown by Hono middleware) by
 * its status; storage that cannot write (a full disk) as 503 with Retry-After `storageRetryMs`;
 * anything else is a bug: logged with its stack, answered 500 without details.
 */
export function createErrorHandler(log: Logger, options: { storageRetryMs: number }): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) {
      return c.json({ error: err.code, message: err.message }, err.status, retryAfterHeader(err.retryAfterMs))
    }
    if (err instanceof HTTPException && err.status < 500) {
      const status = err.status as ContentfulStatusCode
      const code = CODE_BY_STATUS[err.status] ?? ApiErrorCode.invalidBody
      return c.json({ error: code, message: err.message || 'The request was refused.' }, status)
    }
    if (err instanceof UnstorableTextError) {
      return c.json({ error: ApiErrorCode.invalidBody, message: NUL_MESSAGE }, 400)
    }
    if (isStorageUnavailable(err)) {
      log.warn({ err, method: c.req.method, path: c.req.path }, 'storage is unavailable')
      const message = 'The relay cannot store anything right now. Try again later.'
      return c.json({ error: ApiErrorCode.storageUnavailable, message }, 503, retryAfterHeader(options.storageRetryMs))
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error in HTTP handler')
    return c.json({ error: ApiErrorCode.internal, message: INTERNAL_MESSAGE }, 500)
  }
}

/** Handler for any /api path no route claimed: JSON rather than the web app's HTML. */
export const apiNotFound = (c: Context): never => {
  throw new ApiError(404, ApiErrorCode.notFound, `No API route for ${c.req.method} ${c.req.path}.`)
}
