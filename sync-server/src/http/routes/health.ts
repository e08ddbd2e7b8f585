// Probes for load balancers, orchestrators and the start script. No auth.
// GET /api/health: liveness (the process answers), with the version; never touches the database.
// GET /api/ready: 200 when the relay can serve (the database answers, its schema is current, the
// relay is not shutting down), else 503 with the reason.

import { Hono } from 'hono'
import { VERSION } from '../../version.ts'

export interface Readiness {
  /** Why the relay cannot serve now, or null when it can. */
  problem(): Promise<string | null>
}

/** For apps without a relay behind them (route tests): always ready. */
export const ALWAYS_READY: Readiness = { problem: async () => null }

export const healthRoutes = (readiness: Readiness = ALWAYS_READY) =>
  new Hono()
    .get('/health', (c) => c.json({ ok: true, version: VERSION }))
    .get('/ready', async (c) => {
      const problem = await readiness.problem()
      return problem === null ? c.json({ ready: true, version: VERSION }) : c.json({ ready: false, reason: problem }, 503)
    })
