// GET /api/demo-logins: the demo people, for one-click sign-in on the login page. Public, and only
// while the relay runs in demo mode (PARLEY_DEMO); 404 otherwise, so a real deployment says
// nothing about who has an account.

import { Hono } from 'hono'
import type { Config } from '../../config.ts'
import { DEMO_PASSWORD, DEMO_USERS } from '../../seed/demo.ts'
import { ApiError, ApiErrorCode } from '../errors.ts'

export const demoLoginsRoutes = (deps: { config: Config }) =>
  new Hono().get('/demo-logins', (c) => {
    if (!deps.config.demo) throw new ApiError(404, ApiErrorCode.notFound, 'No demo data on this relay.')
    return c.json({
      password: DEMO_PASSWORD,
      users: DEMO_USERS.map(({ name, email, org }) => ({ name, email, org })),
    })
  })
