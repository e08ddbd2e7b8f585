// GET /api/users: the active people of the caller's organization (the caller included), by name.
// Nobody sees another organization's people. Disabled and deleted people are left out: the web
// app shows the author of a message it cannot find here as a former colleague.

import { Hono } from 'hono'
import type { Directory } from '../../accounts/accounts.ts'
import type { AuthEnv } from '../env.ts'

export const usersRoutes = (deps: { accounts: Directory }) =>
  new Hono<AuthEnv>().get('/users', (c) => {
    const people = deps.accounts.usersInOrg(c.get('user').orgId).filter((u) => u.deactivatedAt === undefined)
    return c.json({ users: people.map((u) => ({ id: u.id, name: u.name, email: u.email })) })
  })
