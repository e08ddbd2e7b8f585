import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

let t: TestApp | undefined
afterEach(() => t?.close())

describe('GET /api/demo-logins', () => {
  it('lists the demo people and their password in demo mode, without signing in', async () => {
    t = await createTestApp({ demo: true })
    const res = await t.app.request('/api/demo-logins')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { password: string; users: Array<{ email: string; name: string; org: string }> }
    expect(body.password).toBe('parley')
    expect(body.users).toContainEqual({ name: 'Alice Adams', email: 'alice@acme.test', org: 'Acme Recruiting' })
    expect(body.users).toHaveLength(7)
  })

  it('is a 404 when the relay is not in demo mode', async () => {
    t = await createTestApp({ demo: false })
    const res = await t.app.request('/api/demo-logins')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'not_found' })
  })
})
