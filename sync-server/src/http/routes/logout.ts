// POST /api/logout: ends the session that made the request and clears the cookie. Other
// sessions of the same person (other devices) stay valid.

import { Hono } from 'hono'
import type { Sessions } from '../../accounts/sessions.ts'
import type { Config } from '../../config.ts'
import type { AuthEnv } from '../env.ts'
import { clearSessionCookie } from '../session-cookie.ts'

export interface LogoutDeps {
  config: Pick<Config, 'cookieSecure'>
  sessions: Sessions
}

export const logoutRoutes = (deps: LogoutDeps) =>
  new Hono<AuthEnv>().post('/logout', async (c) => {
    await deps.sessions.revoke(c.get('sessionToken'))
    clearSessionCookie(c, { secure: deps.config.cookieSecure })
    return c.json({ ok: true })
  })
