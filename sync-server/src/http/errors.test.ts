import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log.ts'
import { UnstorableTextError } from '../storage/storage-failure.ts'
import { createErrorHandler } from './errors.ts'
import { createTestApp, type TestApp } from './test-app.ts'
import { VERSION } from '../version.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t?.close())

describe('API errors', () => {
  it('answers GET /api/health without auth', async () => {
    const res = await t.app.request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, version: VERSION })
  })

  it('answers unknown /api routes with JSON 404 not_found, not the web app', async () => {
    await t.addUser('Acme', 'alice@acme.test', 'Alice')
    const token = await t.login('alice@acme.test')
    for (const [method, path] of [['GET', '/api/nope'], ['POST', '/api/me'], ['DELETE', '/api/users'], ['GET', '/api/']] as const) {
      const res = await t.app.request(path, { method, headers: { authorization: `Bearer ${token}` } })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await res.json()).toEqual({ error: 'not_found', message: expect.any(String) })
    }
  })

  it('refuses a NUL character in any string or key of a JSON body with 400 invalid_body, on every engine', async () => {
    await t.addUser('Acme', 'alice@acme.test', 'Alice')
    for (const body of ['{"email":"alice@acme.test\\u0000","password":"x"}', '{"email":"alice@acme.test","password":"x","a\\u0000":1}']) {
      const res = await t.app.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      expect(res.status, body).toBe(400)
      expect(await res.json()).toEqual({ error: 'invalid_body', message: expect.stringMatching(/NUL/) })
    }
  })

  it('answers text the database cannot store (PostgreSQL and NUL) with 400 invalid_body, not 500', async () => {
    const app = new Hono()
      .onError(createErrorHandler(createLogger('silent'), { storageRetryMs: 1000 }))
      .get('/x', () => {
        throw new UnstorableTextError('text with a NUL character cannot be stored')
      })
    const res = await app.request('/x')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'invalid_body', message: expect.stringMatching(/NUL/) })
  })

  it('answers a failure inside a handler with 500 internal, no stack in the body, the stack in the log', async () => {
    await t.addUser('Acme', 'alice@acme.test', 'Alice')
    const token = await t.login('alice@acme.test')
    // A closed database makes every query throw, as a real storage failure would.
    t.db.close()
    const res = await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: 'internal', message: expect.any(String) })
    expect(text).not.toMatch(/at .*\.ts|database|stack/i)
    const logged = t.logs.map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } })
    expect(logged.some((entry) => entry.level === 50 && entry.err?.stack?.includes('\n    at '))).toBe(true)
  })
})
