import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
  await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
})
afterEach(() => t?.close())

describe('POST /api/logout', () => {
  it('revokes the session it was called with and clears the cookie', async () => {
    const token = await t.login('alice@acme.test')
    const other = await t.login('alice@acme.test')
    const res = await t.app.request('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    const cookie = (res.headers.get('set-cookie') ?? '').split(';').map((s) => s.trim())
    expect(cookie[0]).toBe('parley_session=')
    expect(cookie).toContain('Max-Age=0')

    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    // The person's other device stays logged in.
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${other}` } })).status).toBe(200)
  })

  it('logs out a browser session that came with the cookie and its own Origin', async () => {
    const token = await t.login('alice@acme.test')
    const res = await t.app.request('http://localhost:8787/api/logout', {
      method: 'POST',
      headers: { cookie: `parley_session=${token}`, origin: 'http://localhost:8787', host: 'localhost:8787' },
    })
    expect(res.status).toBe(200)
    expect(await t.sessions.resolve(token)).toBeNull()
  })
})
