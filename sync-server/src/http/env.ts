// The Hono environment of authenticated routes: who is calling and with which session token.

import type { User } from '../accounts/accounts.ts'

export interface AuthEnv {
  Variables: {
    user: User
    /** The token that authenticated this request (from Bearer or the cookie); logout revokes it. */
    sessionToken: string
  }
}
