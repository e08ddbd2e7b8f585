import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './test-app.ts'

let t: TestApp
let token: string
beforeEach(async () => {
  t = await createTestApp({ allowedOrigins: ['https://crm.example.com'] })
  await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
  token = await t.login('alice@acme.test')
})
afterEach(() => t?.close())

const HOST = 'chat.example.com'
const me = (headers: Record<string, string>) => t.app.request('http://chat.example.com/api/me', { headers: { host: HOST, ...headers } })
const logout = (headers: Record<string, string>) => t.app.request('http://chat.example.com/api/logout', { method: 'POST', headers: { host: HOST, ...headers } })

describe('authentication of API requests', () => {
  it('answers 401 unauthorized without credentials', async () => {
    for (const res of [await me({}), await logout({}), await t.app.request('/api/users'), await t.app.request('/api/chats')]) {
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ error: 'unauthorized', message: expect.any(String) })
    }
  })

  it('accepts a Bearer token from anywhere, with or without Origin', async () => {
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(200)
    expect((await me({ authorization: `bearer ${token}`, origin: 'https://evil.example' })).status).toBe(200)
    expect((await me({ authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await me({ authorization: `Basic ${token}` })).status).toBe(401)
  })

  it('accepts the cookie on a GET without Origin (a same-origin page or a navigation)', async () => {
    expect((await me({ cookie: `parley_session=${token}` })).status).toBe(200)
  })

  it('accepts the cookie with the relay\'s own Origin or an allowed one', async () => {
    expect((await me({ cookie: `parley_session=${token}`, origin: 'http://chat.example.com' })).status).toBe(200)
    expect((await me({ cookie: `parley_session=${token}`, origin: 'https://crm.example.com' })).status).toBe(200)
  })

  it('refuses the cookie with a foreign Origin, whatever the method', async () => {
    expect((await me({ cookie: `parley_session=${token}`, origin: 'https://evil.example' })).status).toBe(401)
    expect((await logout({ cookie: `parley_session=${token}`, origin: 'https://evil.example' })).status).toBe(401)
    expect(await t.sessions.resolve(token)).not.toBeNull()
  })

  it('refuses the cookie on a state-changing request without Origin', async () => {
    expect((await logout({ cookie: `parley_session=${token}` })).status).toBe(401)
    expect(await t.sessions.resolve(token)).not.toBeNull()
  })

  it('answers 401, not 500, to malformed Cookie and Authorization headers', async () => {
    const malformed: Record<string, string>[] = [{ cookie: ';;=;parley_session' }, { cookie: 'parley_session="' }, { authorization: 'Bearer' }, { authorization: 'Bearer a b' }]
    for (const headers of malformed) {
      const res = await me(headers)
      expect(res.status).toBe(401)
    }
  })
})
