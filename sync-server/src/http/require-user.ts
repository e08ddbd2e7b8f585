// Middleware for every /api route past login: finds the session from `Authorization: Bearer` or
// the cookie, through the Authenticator, and answers 401 `unauthorized` without one.

import type { MiddlewareHandler } from 'hono'
import type { Authenticator } from '../accounts/accounts.ts'
import { readCookie } from '../accounts/cookie.ts'
import { SESSION_COOKIE } from '../accounts/sessions.ts'
import type { AuthEnv } from './env.ts'
import { ApiError } from './errors.ts'
import { honoSourceOf } from './request-source.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const bearer = (header: string | undefined): string | undefined => {
  const match = header?.match(/^Bearer[ ]+([^ ]+)[ ]*$/i)
  return match?.[1]
}

/**
 * The cookie rule for HTTP: browsers leave Origin out only on same-origin GET/HEAD requests and
 * on navigations, so a safe method without Origin is taken as coming from the relay's own page
 * (SameSite=Lax already keeps the cookie off other sites' subrequests, and these routes change
 * nothing). Any other method needs an Origin that is the relay's own or allowed, exactly as at
 * the WebSocket upgrade; a foreign Origin is refused for every method. Tokens need no Origin.
 */
export function requireUser(authenticator: Authenticator, options: { trustProxy: boolean }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'))
    const cookieHeader = c.req.header('cookie')
    const host = c.req.header('host') ?? new URL(c.req.url).host
    const { scheme } = honoSourceOf(c, options.trustProxy)
    const origin = c.req.header('origin') ?? (SAFE_METHODS.has(c.req.method) ? `${scheme}://${host}` : undefined)
    const user = (await authenticator.authenticate({ token, cookie: cookieHeader, origin, host, scheme }))?.user
    const sessionToken = token ?? readCookie(cookieHeader, SESSION_COOKIE)
    if (!user || !sessionToken) throw new ApiError(401, 'unauthorized', 'Log in first (session cookie or Authorization: Bearer <token>).')
    c.set('user', user)
    c.set('sessionToken', sessionToken)
    await next()
  }
}
