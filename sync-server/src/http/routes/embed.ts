// GET /api/embed: what the embedded panel needs before anyone is signed in, namely which parent
// origins it may talk to (PARLEY_ALLOWED_ORIGINS). No authentication: the same list is in every
// response's frame-ancestors policy.

import { Hono } from 'hono'

export const embedRoutes = (deps: { config: { allowedOrigins: readonly string[] } }) =>
  new Hono().get('/embed', (c) => c.json({ allowedOrigins: deps.config.allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o)) }))
