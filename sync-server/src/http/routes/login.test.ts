import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp({ sessionTtlHours: 48, allowedOrigins: ['https://crm.example.com'] })
  await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
})
afterEach(() => t?.close())

const post = (body: string, headers: Record<string, string> = {}) =>
  t.app.request('/api/login', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })

describe('POST /api/login', () => {
  it('returns the token and the user, and sets the session cookie', async () => {
    const res = await post(JSON.stringify({ email: 'Alice@Acme.test', password: TEST_PASSWORD }))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { token: string; user: unknown }
    const alice = await t.accounts.userByEmail('alice@acme.test')
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(body.user).toEqual({ id: alice?.id, orgId: alice?.orgId, name: 'Alice Adams', email: 'alice@acme.test' })
    expect(await t.sessions.resolve(body.token)).toEqual(alice)

    const cookie = res.headers.get('set-cookie') ?? ''
    const attrs = cookie.split(';').map((s) => s.trim())
    expect(attrs[0]).toBe(`parley_session=${body.token}`)
    expect(attrs).toContain('HttpOnly')
    expect(attrs).toContain('SameSite=Lax')
    expect(attrs).toContain('Path=/')
    expect(attrs).toContain(`Max-Age=${48 * 3600}`)
    expect(attrs).not.toContain('Secure')
  })

  it('marks the cookie Secure when PARLEY_COOKIE_SECURE is on', async () => {
    const secure = await createTestApp({ cookieSecure: true })
    try {
      await secure.addUser('Acme', 'alice@acme.test', 'Alice')
      const res = await secure.app.request('/api/login', { method: 'POST', body: JSON.stringify({ email: 'alice@acme.test', password: TEST_PASSWORD }) })
      expect(res.status).toBe(200)
      expect((res.headers.get('set-cookie') ?? '').split(';').map((s) => s.trim())).toContain('Secure')
    } finally {
      secure.close()
    }
  })

  it('answers a wrong password and an unknown email identically', async () => {
    const wrong = await post(JSON.stringify({ email: 'alice@acme.test', password: 'not the password' }))
    const unknown = await post(JSON.stringify({ email: 'nobody@acme.test', password: 'not the password' }))
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const [a, b] = [await wrong.text(), await unknown.text()]
    expect(a).toBe(b)
    expect(JSON.parse(a)).toEqual({ error: 'invalid_credentials', message: expect.any(String) })
    expect(wrong.headers.get('set-cookie')).toBeNull()
    expect(unknown.headers.get('set-cookie')).toBeNull()
  })

  it('refuses bodies that are not JSON or not the right shape with 400 invalid_body', async () => {
    const bodies = [
      '',
      'email=alice@acme.test&password=x',
      '{"email":',
      'null',
      '[]',
      '"alice"',
      JSON.stringify({ email: 'alice@acme.test' }),
      JSON.stringify({ password: TEST_PASSWORD }),
      JSON.stringify({ email: 42, password: TEST_PASSWORD }),
      JSON.stringify({ email: 'alice@acme.test', password: ['x'] }),
      JSON.stringify({ email: '  ', password: TEST_PASSWORD }),
      JSON.stringify({ email: 'alice@acme.test', password: 'x'.repeat(1025) }),
    ]
    for (const body of bodies) {
      const res = await post(body)
      expect(res.status, body).toBe(400)
      expect(await res.json(), body).toEqual({ error: 'invalid_body', message: expect.any(String) })
    }
  })

  it('refuses a body over 16 KiB with 413 body_too_large', async () => {
    const res = await post(JSON.stringify({ email: 'alice@acme.test', password: TEST_PASSWORD, padding: 'x'.repeat(20_000) }))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: 'body_too_large', message: expect.any(String) })
  })

  it('refuses a login from a foreign page (login CSRF) but accepts the relay\'s own and allowed ones', async () => {
    const body = JSON.stringify({ email: 'alice@acme.test', password: TEST_PASSWORD })
    const foreign = await post(body, { origin: 'https://evil.example', host: 'chat.example.com' })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toEqual({ error: 'forbidden_origin', message: expect.any(String) })
    expect(foreign.headers.get('set-cookie')).toBeNull()
    // The relay is reached over http here: its own pages are http://chat.example.com, and an
    // https page of the same host is another origin.
    expect((await post(body, { origin: 'http://chat.example.com', host: 'chat.example.com' })).status).toBe(200)
    expect((await post(body, { origin: 'https://chat.example.com', host: 'chat.example.com' })).status).toBe(403)
    expect((await post(body, { origin: 'https://crm.example.com', host: 'chat.example.com' })).status).toBe(200)
  })
})
