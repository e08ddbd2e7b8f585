// POST /api/sync-tickets: a single-use ticket, valid for seconds, that opens one WebSocket for
// the caller's session (`/sync/<room>?ticket=…`). For pages on another origin, which cannot rely
// on the cookie at the upgrade and should not put the session token in a URL.

import { Hono } from 'hono'
import { sessionKey } from '../../accounts/sessions.ts'
import type { SyncTickets } from '../../accounts/sync-tickets.ts'
import type { AuthEnv } from '../env.ts'

export const syncTicketsRoutes = (deps: { tickets: SyncTickets }) =>
  new Hono<AuthEnv>().post('/sync-tickets', async (c) => c.json(await deps.tickets.issue(sessionKey(c.get('sessionToken')))))
