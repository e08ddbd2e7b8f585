// GET /api/health: liveness for load balancers and the start script. No auth, no database.

import { Hono } from 'hono'

export const healthRoutes = () => new Hono().get('/health', (c) => c.json({ ok: true }))
