// /metrics answers Prometheus text, and its counters move with what happens: a message sent and
// acknowledged (frames received, updates stored, a commit), a frame refused, a close code sent,
// logins and HTTP requests. /api/health and /api/ready report the version and readiness.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { CloseCode, chatRoom } from '@parley/protocol'
import { healthRoutes } from '../../sync-server/src/http/routes/health.ts'
import { VERSION } from '../../sync-server/src/version.ts'
import { startServer } from '../../sync-server/src/server.ts'
import { loadConfig } from '../../sync-server/src/config.ts'
import { newChatDoc, say } from '../support/chat.ts'
import { parsePrometheusText, valueOf } from '../support/prometheus-text.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, tempDir, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectAcking } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login

beforeAll(async () => {
  relay = await startTestRelay()
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(() => relay.close())

const scrape = async (url = relay.url) => {
  const res = await fetch(`${url}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/plain')
  return parsePrometheusText(await res.text())
}

describe('/metrics', () => {
  it('parses as Prometheus text with the relay’s series', async () => {
    const samples = await scrape()
    for (const name of ['parley_connections', 'parley_rooms', 'parley_storage_bytes', 'parley_logins_total', 'parley_http_requests_total', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(samples.some((s) => s.name === name), name).toBe(true)
    }
    expect(valueOf(samples, 'parley_storage_bytes')).toBeGreaterThan(0)
    expect(valueOf(samples, 'parley_logins_total', { result: 'success' })).toBeGreaterThanOrEqual(2)
  })

  it('counts a message received, stored and acknowledged, and the commit that stored it', async () => {
    const before = await scrape()
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const client = connectAcking(relay.syncUrl, chatRoom(chatId), alice.token, doc)
    await client.synced()
    const clock = Y.getState(doc.store, doc.clientID)
    say(doc, alice.user.id, 'counted')
    await waitFor(() => (client.acked().get(doc.clientID) ?? 0) > clock, 'the ack of the message')

    const after = await scrape()
    const grew = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels)
    expect(grew('parley_frames_received_total', { kind: 'chat' })).toBeGreaterThanOrEqual(2)
    expect(grew('parley_updates_stored_total', { kind: 'chat' })).toBeGreaterThanOrEqual(1)
    expect(grew('parley_commit_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(grew('parley_commit_batch_writes_sum')).toBeGreaterThanOrEqual(1)
    expect(valueOf(after, 'parley_connections', { kind: 'chat' })).toBe(1)
    expect(valueOf(after, 'parley_rooms', { kind: 'chat' })).toBeGreaterThanOrEqual(1)
    expect(grew('parley_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1)
    client.destroy()
    await waitFor(async () => valueOf(await scrape(), 'parley_connections', { kind: 'chat' }) === 0, 'the connection to be counted closed')
  })

  it('reports the event-loop delay since the previous scrape, to the millisecond', async () => {
    await scrape() // starts a new window
    const stalledUntil = performance.now() + 40
    while (performance.now() < stalledUntil) {
      // The relay's thread held on purpose: what the gauge must see.
    }
    const stalled = valueOf(await scrape(), 'parley_event_loop_delay_seconds', { quantile: '1' })
    expect(stalled).toBeGreaterThanOrEqual(0.035)
    const next = await scrape()
    expect(valueOf(next, 'parley_event_loop_delay_seconds', { quantile: '1' })).toBeLessThan(stalled)
    for (const quantile of ['0.5', '0.9', '0.99', '0.999']) expect(next.some((s) => s.name === 'parley_event_loop_delay_seconds' && s.labels.quantile === quantile), quantile).toBe(true)
  })

  it('times the WAL checkpoints of the storage worker', async () => {
    // A write through the relay's store leaves the worker something to copy, within a second.
    await relay.server.backend.docs.commit([{ room: 'chat/checkpointed', update: Y.encodeStateAsUpdate(new Y.Doc()) }])
    await waitFor(async () => valueOf(await scrape(), 'parley_sqlite_checkpoint_seconds_count', { mode: 'passive' }) > 0, 'a checkpoint', 5000)
  })

  it('counts a refused frame by reason and the close code sent', async () => {
    const before = await scrape()
    const { chatId } = newChatDoc(alice.user.id, bob.user.id)
    const raw = openRawSocket(`${relay.syncUrl}/${chatRoom(chatId)}?token=${alice.token}`)
    await raw.opened
    const bogus = encoding.createEncoder()
    encoding.writeVarUint(bogus, 99)
    raw.ws.send(encoding.toUint8Array(bogus))
    expect((await raw.closed).code).toBe(CloseCode.malformed)
    const stranger = openRawSocket(`${relay.syncUrl}/presence/not-my-org?token=${alice.token}`)
    expect((await stranger.closed).code).toBe(CloseCode.forbidden)

    const after = await scrape()
    const grew = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels)
    expect(grew('parley_frames_refused_total', { reason: 'malformed' })).toBe(1)
    expect(grew('parley_close_codes_total', { code: '4400', name: 'malformed' })).toBe(1)
    expect(grew('parley_close_codes_total', { code: '4403', name: 'forbidden' })).toBe(1)
  })

  it('counts failed logins and requests by route pattern and status', async () => {
    const before = await scrape()
    const res = await fetch(`${relay.url}/api/login`, { method: 'POST', body: JSON.stringify({ email: 'alice@acme.test', password: 'wrong one' }) })
    expect(res.status).toBe(401)
    const after = await scrape()
    expect(valueOf(after, 'parley_logins_total', { result: 'failure' }) - valueOf(before, 'parley_logins_total', { result: 'failure' })).toBe(1)
    expect(valueOf(after, 'parley_http_requests_total', { method: 'POST', route: '/api/login', status: '401' })).toBeGreaterThanOrEqual(1)
  })

  it('moves to its own port with PARLEY_METRICS_PORT, off the main one', async () => {
    const server = await startServer(loadConfig({}, { port: 0, metricsPort: 0, dataDir: tempDir(), demo: false, logLevel: 'silent' }))
    try {
      expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(valueOf(await scrape(server.metricsUrl), 'parley_storage_bytes')).toBeGreaterThan(0)
      const onMain = await fetch(`${server.url}/metrics`)
      expect(onMain.headers.get('content-type')).not.toContain('text/plain; version')
    } finally {
      await server.close()
    }
  })
})

describe('health and readiness', () => {
  it('/api/health reports liveness, the version and the deployment; /api/ready the database and the schema', async () => {
    const deployment = { storage: 'sqlite', bus: 'local', busConnected: true }
    expect(await (await fetch(`${relay.url}/api/health`)).json()).toEqual({ ok: true, version: VERSION, ...deployment })
    const ready = await fetch(`${relay.url}/api/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ready: true, version: VERSION, ...deployment })
  })

  it('/api/ready answers 503 once the relay is shutting down', async () => {
    const server = await startServer(loadConfig({}, { port: 0, dataDir: tempDir(), demo: false, logLevel: 'silent' }))
    expect(await server.readiness.problem()).toBeNull()
    const closing = server.close()
    // The listener may already be gone, so the route is asked directly, with the server's readiness.
    const res = await healthRoutes(server.readiness).request('/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ ready: false, reason: 'the relay is shutting down' })
    await closing
  })
})
