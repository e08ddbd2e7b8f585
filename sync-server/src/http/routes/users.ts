// GET /api/users: the people of the caller's organization (the caller included), by name.
// Nobody sees another organization's people. A person who was deactivated or deleted is listed
// with `left: true`: their chats stay readable, but nobody starts a new one with them.

import { Hono } from 'hono'
import type { Directory } from '../../accounts/accounts.ts'
import type { AuthEnv } from '../env.ts'

export const usersRoutes = (deps: { accounts: Directory }) =>
  new Hono<AuthEnv>().get('/users', async (c) => {
    const people = await deps.accounts.usersInOrg(c.get('user').orgId)
    return c.json({ users: people.map((u) => ({ id: u.id, name: u.name, email: u.email, ...(u.deactivatedAt === undefined ? {} : { left: true }) })) })
  })
