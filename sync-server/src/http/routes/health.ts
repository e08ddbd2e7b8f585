// Probes for load balancers, orchestrators and the start script. No auth.
// GET /api/health: liveness (the process answers), with the version and the deployment (storage
// engine, bus and whether the bus is up); never touches the database.
// GET /api/ready: 200 when the relay can serve (the database answers, its schema is current, the
// relay is not shutting down), else 503 with the reason.

import { Hono } from 'hono'
import { VERSION } from '../../version.ts'

/** How this relay is deployed (docs/scaling.md): where it stores, how it reaches other relays. */
export interface Deployment {
  storage: 'sqlite' | 'postgres'
  bus: 'local' | 'redis'
  /** The bus is up (always true for the local bus); a relay without it still serves, and catches up when it returns. */
  busConnected: boolean
}

export interface Readiness {
  deployment?(): Deployment
  /** Why the relay cannot serve now, or null when it can. */
  problem(): Promise<string | null>
}

/** For apps without a relay behind them (route tests): always ready. */
export const ALWAYS_READY: Readiness = { problem: async () => null }

export const healthRoutes = (readiness: Readiness = ALWAYS_READY) =>
  new Hono()
    .get('/health', (c) => c.json({ ok: true, version: VERSION, ...readiness.deployment?.() }))
    .get('/ready', async (c) => {
      const problem = await readiness.problem()
      const deployment = readiness.deployment?.()
      return problem === null ? c.json({ ready: true, version: VERSION, ...deployment }) : c.json({ ready: false, reason: problem, ...deployment }, 503)
    })
