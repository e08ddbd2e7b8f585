import { SignJWT } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

const ISSUER = 'https://crm.example.com'
const SECRET = 'a shared secret of at least thirty-two characters'
const ADMIN_KEY = 'admin-key-of-thirty-two-characters-or-more'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp({ hostJwtIssuer: ISSUER, hostJwtSecret: SECRET, adminApiKey: ADMIN_KEY })
})
afterEach(() => t?.close())

const admin = (method: string, path: string, body?: unknown, key = ADMIN_KEY) =>
  t.app.request(`/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

let jti = 0
const hostToken = (sub: string, org = 'tenant-1') => {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ iss: ISSUER, aud: 'parley', sub, org, name: `Person ${sub}`, iat: now, exp: now + 60, jti: `a-${++jti}` })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET))
}
const signIn = async (sub: string, org?: string) =>
  t.app.request('/api/sessions/host', { method: 'POST', body: JSON.stringify({ token: await hostToken(sub, org) }) })

describe('/api/admin', () => {
  it('refuses a missing or wrong key (no cookie, no session token), and logs every call', async () => {
    expect((await t.app.request('/api/admin/orgs/tenant-1/users')).status).toBe(401)
    const wrong = await admin('GET', '/orgs/tenant-1/users', undefined, 'x'.repeat(44))
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ error: 'invalid_admin_key' })
    await t.addUser('Acme', 'alice@acme.test', 'Alice')
    const session = await t.login('alice@acme.test')
    expect((await admin('GET', '/orgs/tenant-1/users', undefined, session)).status).toBe(401)
    expect((await admin('PUT', '/orgs/tenant-1', { name: 'Tenant One' })).status).toBe(200)

    const calls = t.logs.map((line) => JSON.parse(line) as { msg: string; method?: string; path?: string; status?: number })
    expect(calls.filter((c) => c.msg === 'admin call refused').map((c) => c.status)).toEqual([401, 401, 401])
    expect(calls.filter((c) => c.msg === 'admin call')).toEqual([expect.objectContaining({ method: 'PUT', path: '/api/admin/orgs/tenant-1', status: 200 })])
  })

  it('is off (admin_api_off) without a key', async () => {
    t.close()
    t = await createTestApp({ hostJwtIssuer: ISSUER })
    const res = await admin('GET', '/orgs/tenant-1/users')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'admin_api_off' })
  })

  it('creates and renames organizations and people by the host\'s ids, and lists them', async () => {
    const org = (await (await admin('PUT', '/orgs/tenant-1', { name: 'Tenant One' })).json()) as { org: { id: string; name: string } }
    expect(org.org).toMatchObject({ org: 'tenant-1', name: 'Tenant One' })
    expect((await admin('PUT', '/orgs/tenant-1', { name: 'Tenant 1' })).status).toBe(200)
    expect((await t.accounts.orgById(org.org.id))?.name).toBe('Tenant 1')

    const put = (await (await admin('PUT', '/orgs/tenant-1/users/u-1', { name: 'Ada', email: 'ada@crm.example.com' })).json()) as { user: { id: string } }
    expect(put).toEqual({ user: { sub: 'u-1', id: expect.any(String), name: 'Ada', email: 'ada@crm.example.com', active: true } })
    await admin('PUT', '/orgs/tenant-1/users/u-2', { name: 'Bo' })
    await admin('PUT', '/orgs/tenant-1/users/u-1', { name: 'Ada King' })
    const list = (await (await admin('GET', '/orgs/tenant-1/users')).json()) as { users: { sub: string; name: string; email: string }[] }
    expect(list.users.map((u) => [u.sub, u.name, u.email])).toEqual([
      ['u-1', 'Ada King', 'ada@crm.example.com'],
      ['u-2', 'Bo', ''],
    ])
    // The person the API made is the one the host's token signs in.
    const session = (await (await signIn('u-1')).json()) as { user: { id: string } }
    expect(session.user.id).toBe(put.user.id)

    expect((await admin('GET', '/orgs/nobody/users')).status).toBe(404)
    expect((await admin('PUT', '/orgs/tenant-1/users/u-3', { email: 'x@y.z' })).status).toBe(400)
    expect((await admin('PUT', '/orgs/tenant-1/users/u-3', { name: 'X', email: 'not an email' })).status).toBe(400)
  })

  it('deactivates a person: sessions end, no new token is accepted, history and listing stay, colleagues see them as left', async () => {
    const ada = (await (await signIn('u-1')).json()) as { token: string; user: { id: string } }
    const bo = (await (await signIn('u-2')).json()) as { token: string }
    const res = await admin('DELETE', '/orgs/tenant-1/users/u-1')
    expect(await res.json()).toMatchObject({ user: { sub: 'u-1', active: false, deactivatedAt: expect.any(Number) } })
    expect(await t.sessions.resolve(ada.token)).toBeNull()
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${ada.token}` } })).status).toBe(401)

    const again = await signIn('u-1')
    expect(again.status).toBe(403)
    expect(await again.json()).toMatchObject({ error: 'host_user_deactivated' })

    const people = (await (await t.app.request('/api/users', { headers: { authorization: `Bearer ${bo.token}` } })).json()) as { users: { id: string; left?: boolean }[] }
    expect(people.users.find((u) => u.id === ada.user.id)).toMatchObject({ left: true })
    expect((await admin('DELETE', '/orgs/tenant-1/users/u-1')).status).toBe(200)
    expect((await admin('DELETE', '/orgs/tenant-1/users/nobody')).status).toBe(404)
  })
})
