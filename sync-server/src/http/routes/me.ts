// GET /api/me: who the session belongs to and their organization; the web app's first call.

import { Hono } from 'hono'
import type { Accounts } from '../../accounts/accounts.ts'
import type { AuthEnv } from '../env.ts'

export const meRoutes = (deps: { accounts: Accounts }) =>
  new Hono<AuthEnv>().get('/me', async (c) => {
    const user = c.get('user')
    const org = await deps.accounts.orgById(user.orgId)
    // users.org_id references orgs, so this is a broken database rather than a bad request.
    if (!org) throw new Error(`user ${user.id} belongs to missing org ${user.orgId}`)
    return c.json({ user: { id: user.id, orgId: user.orgId, name: user.name, email: user.email }, org: { id: org.id, name: org.name } })
  })
