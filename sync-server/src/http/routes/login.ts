// POST /api/login: email and password in, a session token out (in the body for API clients and
// in the HttpOnly cookie for the browser). The same answer for an unknown email and a wrong password.

import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as v from 'valibot'
import type { Accounts, User } from '../../accounts/accounts.ts'
import type { LoginThrottle } from '../../accounts/login-throttle.ts'
import { createOriginPolicy } from '../../accounts/origin-policy.ts'
import type { Sessions } from '../../accounts/sessions.ts'
import type { Config } from '../../config.ts'
import type { Logger } from '../../log.ts'
import type { ServerMetrics } from '../../metrics/prometheus.ts'
import { ApiError } from '../errors.ts'
import { readJsonBody } from '../read-body.ts'
import { honoSourceOf } from '../request-source.ts'
import { setSessionCookie } from '../session-cookie.ts'

const LoginBody = v.object({
  email: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(320)),
  // Long enough for any passphrase, short enough that nobody makes the relay hash megabytes.
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
})

export interface LoginDeps {
  config: Pick<Config, 'allowedOrigins' | 'cookieSecure' | 'sessionTtlHours' | 'trustProxy'>
  accounts: Accounts
  sessions: Sessions
  throttle: LoginThrottle
  /** Where a failed login is reported (warn, with the request id; never the password). */
  log?: Logger
  metrics?: Pick<ServerMetrics, 'login'>
}

export function loginRoutes(deps: LoginDeps) {
  const origins = createOriginPolicy(deps.config.allowedOrigins)
  return new Hono().post(
    '/login',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError(413, 'body_too_large', 'A login body is at most 16 KiB.')
      },
    }),
    async (c) => {
      // A foreign page must not log the browser into an account of its choosing (login CSRF).
      // Clients without a page (CRM back ends, bots, curl) send no Origin and are welcome.
      const origin = c.req.header('origin')
      const { scheme, ip } = honoSourceOf(c, deps.config.trustProxy)
      if (origin !== undefined && !origins.allows(origin, c.req.header('host') ?? new URL(c.req.url).host, scheme)) {
        throw new ApiError(403, 'forbidden_origin', `Pages from ${origin} may not log in here; see PARLEY_ALLOWED_ORIGINS.`)
      }
      const body = await readJsonBody(c, LoginBody)
      // Before any hashing, and the same for every email: a throttled guess costs the relay nothing
      // and tells the guesser nothing about whether the account exists.
      const attempt = await deps.throttle.admit(ip, body.email)
      if (!('done' in attempt)) {
        const seconds = Math.ceil(attempt.waitMs / 1000)
        deps.log?.warn({ event: 'login_throttled', requestId: c.get('requestId') }, 'login throttled')
        throw new ApiError(429, 'too_many_attempts', `Too many sign-in attempts. Try again in ${seconds} s.`, attempt.waitMs)
      }
      let user: User | null = null
      try {
        user = await deps.accounts.verifyLogin(body.email, body.password)
      } finally {
        await attempt.done(user !== null)
      }
      deps.metrics?.login(user ? 'success' : 'failure')
      if (!user) {
        deps.log?.warn({ event: 'login_failed', requestId: c.get('requestId'), email: body.email }, 'login failed')
        throw new ApiError(401, 'invalid_credentials', 'Wrong email or password.')
      }
      deps.log?.info({ event: 'login', requestId: c.get('requestId'), user: user.id }, 'login')
      const session = await deps.sessions.create(user.id)
      setSessionCookie(c, session.token, deps.config.sessionTtlHours * 3600, { secure: deps.config.cookieSecure })
      return c.json({ token: session.token, expiresAt: session.expiresAt, user: { id: user.id, orgId: user.orgId, name: user.name, email: user.email } })
    },
  )
}
