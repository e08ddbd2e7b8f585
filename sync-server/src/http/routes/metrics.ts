// GET /metrics: the relay's metrics in Prometheus' text format. Served on the main port, or on
// PARLEY_METRICS_PORT alone so that it need not be public (server.ts decides which).

import { Hono } from 'hono'
import type { ServerMetrics } from '../../metrics/prometheus.ts'

export const metricsRoutes = (metrics: Pick<ServerMetrics, 'render'>) =>
  new Hono().get('/metrics', async (c) => {
    const { body, contentType } = await metrics.render()
    return c.body(body, 200, { 'Content-Type': contentType })
  })
