import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t?.close())

describe('GET /api/me', () => {
  it('returns the caller and their organization', async () => {
    const alice = await t.addUser('Acme Recruiting', 'alice@acme.test', 'Alice Adams')
    const token = await t.login('alice@acme.test')
    const res = await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      user: { id: alice.id, orgId: alice.orgId, name: 'Alice Adams', email: 'alice@acme.test' },
      org: { id: alice.orgId, name: 'Acme Recruiting' },
    })
  })
})
