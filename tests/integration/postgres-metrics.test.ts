// /metrics of a relay on PostgreSQL: no file sizes (there are no files), but this relay's pool,
// which tells an operator when PostgreSQL is the bottleneck: connections open, idle and at most,
// and queries waiting because every connection is busy.

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../sync-server/src/config.ts'
import { startServer, type RunningServer } from '../../sync-server/src/server.ts'
import { parsePrometheusText, valueOf } from '../support/prometheus-text.ts'
import { tempDir } from '../support/relay.ts'
import { startPostgres, type Service } from '../support/services.ts'
import { waitFor } from '../support/wait.ts'

let postgres: Service
let relay: RunningServer

beforeAll(async () => {
  postgres = await startPostgres()
  relay = await startServer(loadConfig({}, { port: 0, dataDir: tempDir(), databaseUrl: postgres.url, demo: true, scryptCost: 1024, logLevel: 'silent' }))
}, 60_000)
afterAll(async () => {
  await relay?.close()
  await postgres?.remove()
})

const scrape = async () => {
  const res = await fetch(`${relay.url}/metrics`)
  expect(res.status).toBe(200)
  return parsePrometheusText(await res.text())
}

describe('/metrics on PostgreSQL', { timeout: 60_000 }, () => {
  it('reports the pool instead of file sizes', async () => {
    const samples = await scrape()
    expect(samples.some((s) => s.name === 'parley_storage_bytes')).toBe(false)
    expect(valueOf(samples, 'parley_postgres_connections', { state: 'max' })).toBe(10)
    expect(valueOf(samples, 'parley_postgres_connections', { state: 'open' })).toBeGreaterThanOrEqual(1)
    expect(valueOf(samples, 'parley_postgres_connections', { state: 'idle' })).toBeLessThanOrEqual(valueOf(samples, 'parley_postgres_connections', { state: 'open' }))
    expect(valueOf(samples, 'parley_postgres_waiting_queries')).toBe(0)
  })

  it('counts queries waiting for a connection while every connection is busy', async () => {
    const login = await fetch(`${relay.url}/api/login`, { method: 'POST', body: JSON.stringify({ email: 'alice@acme.test', password: 'parley' }) })
    const { token } = (await login.json()) as { token: string }
    // Another client holds the sessions table: every request's session lookup waits on a connection.
    const admin = new pg.Client({ connectionString: postgres.url })
    await admin.connect()
    await admin.query('BEGIN')
    await admin.query('LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE')
    const requests = Array.from({ length: 14 }, () => fetch(`${relay.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }))
    try {
      const samples = await waitFor(async () => {
        const now = await scrape()
        return valueOf(now, 'parley_postgres_waiting_queries') >= 4 ? now : null
      }, 'requests to queue for a connection')
      expect(valueOf(samples, 'parley_postgres_connections', { state: 'open' })).toBe(10)
      expect(valueOf(samples, 'parley_postgres_connections', { state: 'idle' })).toBe(0)
    } finally {
      await admin.query('COMMIT')
      await admin.end()
    }
    for (const res of await Promise.all(requests)) expect(res.status).toBe(200)
    await waitFor(async () => valueOf(await scrape(), 'parley_postgres_waiting_queries') === 0, 'the queue to drain')
  })
})
