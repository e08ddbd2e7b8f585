// Turns request credentials into a user: a token (Bearer or ?token=) or a sync ticket on its own,
// or the session cookie when the request's Origin is the relay's own or an allowed one. Used by
// HTTP and the relay.

import type { Authenticator, Credentials } from './accounts.ts'
import { readCookie } from './cookie.ts'
import { createOriginPolicy } from './origin-policy.ts'
import { SESSION_COOKIE, type Sessions } from './sessions.ts'
import type { SyncTickets } from './sync-tickets.ts'

export interface AuthenticatorOptions {
  sessions: Sessions
  /** Exact origins (`https://crm.example.com`) besides the relay's own whose pages may use the cookie. */
  allowedOrigins: readonly string[]
  tickets: SyncTickets
}

/**
 * Rules: a token decides alone when one is given (a bad token is not rescued by a cookie, so
 * that the caller always knows which session it is using), then a ticket, which is used up
 * whether or not its session still stands. The cookie counts only with an
 * Origin header that is same-origin with Host or listed: browsers attach cookies to
 * cross-site requests, Origin tells us who asked. No Origin + cookie → not authenticated.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { sessions } = options
  const origins = createOriginPolicy(options.allowedOrigins)
  return {
    async authenticate(credentials: Credentials) {
      if (credentials.token) return sessions.lookup(credentials.token)
      if (credentials.ticket) {
        const sessionHash = await options.tickets.redeem(credentials.ticket)
        return sessionHash === null ? null : sessions.lookupKey(sessionHash)
      }
      const cookie = readCookie(credentials.cookie, SESSION_COOKIE)
      if (!cookie || !origins.allows(credentials.origin, credentials.host, credentials.scheme ?? 'http')) return null
      return sessions.lookup(cookie)
    },
  }
}
