import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t?.close())

describe('GET /api/users', () => {
  it('lists the caller\'s organization only, sorted by name, without password data', async () => {
    const carol = await t.addUser('Acme', 'carol@acme.test', 'Carol Clark')
    const alice = await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
    await t.addUser('Globex', 'gina@globex.test', 'Gina Green')
    const bob = await t.addUser('Acme', 'bob@acme.test', 'Bob Brown')
    const token = await t.login('bob@acme.test')

    const res = await t.app.request('/api/users', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      users: [
        { id: alice.id, name: 'Alice Adams', email: 'alice@acme.test' },
        { id: bob.id, name: 'Bob Brown', email: 'bob@acme.test' },
        { id: carol.id, name: 'Carol Clark', email: 'carol@acme.test' },
      ],
    })

    const gina = await t.login('gina@globex.test')
    const theirs = (await (await t.app.request('/api/users', { headers: { authorization: `Bearer ${gina}` } })).json()) as { users: { email: string }[] }
    expect(theirs.users.map((u) => u.email)).toEqual(['gina@globex.test'])
  })

  it('lists disabled and deleted people as having left', async () => {
    await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
    const bob = await t.addUser('Acme', 'bob@acme.test', 'Bob Brown')
    const carol = await t.addUser('Acme', 'carol@acme.test', 'Carol Clark')
    await t.accounts.setDeactivated(bob.id, true)
    await t.accounts.deleteUser(carol.id)
    const token = await t.login('alice@acme.test')
    const { users } = (await (await t.app.request('/api/users', { headers: { authorization: `Bearer ${token}` } })).json()) as { users: { name: string; left?: boolean }[] }
    expect(users.map((u) => [u.name, u.left ?? false])).toEqual([
      ['Alice Adams', false],
      ['Bob Brown', true],
      ['Carol Clark', true],
    ])
  })
})
