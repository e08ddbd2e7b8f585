// One contract for Accounts, run against SQLite and PostgreSQL: the same validation and error
// reasons, the same case rules for emails and organization names, the same effects of
// deactivating, deleting and resetting a person, and one winner when two processes create one
// organization name at once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccountError } from '../../sync-server/src/accounts/account-error.ts'
import type { Accounts } from '../../sync-server/src/accounts/accounts.ts'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { BACKENDS } from '../support/backends.ts'

const reasonOf = async (fn: () => unknown): Promise<string> => {
  try {
    await fn()
    return 'no error'
  } catch (err) {
    if (err instanceof AccountError) return err.reason
    throw err
  }
}
const ID = /^[A-Za-z0-9_-]{1,64}$/
let n = 0
/** A name no other case has used, so that cases can share one database. */
const unique = (name: string) => `${name} ${++n}`

for (const make of BACKENDS) {
  const backend = make()
  describe(`Accounts contract: ${backend.name}`, { timeout: 60_000 }, () => {
    let one: Backend, two: Backend
    let accounts: Accounts
    beforeAll(async () => {
      one = await backend.open()
      two = await backend.open()
      accounts = one.accounts
    }, 60_000)
    afterAll(() => backend.close())

    it('creates organizations, finds them by id and by name in any case, and lists them by name without case', async () => {
      const zeta = await accounts.createOrg(unique('zeta'))
      const acme = await accounts.createOrg(`  ${unique('Acme Recruiting')} `)
      expect(acme.name).toMatch(/^Acme Recruiting \d+$/)
      expect(acme.id).toMatch(ID)
      expect(await accounts.orgById(acme.id)).toEqual(acme)
      expect(await two.accounts.orgByName(acme.name.toUpperCase())).toEqual(acme)
      expect(await accounts.orgByName(` ${acme.name.toLowerCase()} `)).toEqual(acme)
      expect(await accounts.orgByName('Nope')).toBeNull()
      const listed = (await accounts.listOrgs()).filter((o) => o.id === acme.id || o.id === zeta.id)
      expect(listed).toEqual([acme, zeta])
    })

    it('folds only A to Z when comparing organization names, as SQLite NOCASE does', async () => {
      const org = await accounts.createOrg(unique('Ärzte'))
      expect(await accounts.orgByName(org.name.toLowerCase())).toBeNull()
      expect(await accounts.orgByName(org.name.replace('rzte', 'RZTE'))).toEqual(org)
    })

    it('refuses a duplicate organization name (ignoring case) and an empty or long one', async () => {
      const name = unique('Dup')
      await accounts.createOrg(name)
      expect(await reasonOf(() => accounts.createOrg(name.toUpperCase()))).toBe('org_exists')
      expect(await reasonOf(() => accounts.createOrg('   '))).toBe('invalid_org_name')
      expect(await reasonOf(() => accounts.createOrg('x'.repeat(101)))).toBe('invalid_org_name')
    })

    it('lets one of two processes creating one organization name at once win', async () => {
      const name = unique('Race')
      const results = await Promise.allSettled([accounts.createOrg(name), two.accounts.createOrg(name.toLowerCase())])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected')
      expect(refused?.status === 'rejected' && (refused.reason as AccountError).reason).toBe('org_exists')
    })

    it('creates a user with a URL-safe id and a lower-cased email, and finds them by id and email in any case', async () => {
      const org = await accounts.createOrg(unique('Users'))
      const email = `alice${++n}@acme.test`
      const user = await accounts.createUser({ orgId: org.id, email: ` ${email.toUpperCase()} `, name: ' Alice Adams ', password: 'password1' })
      expect(user).toEqual({ id: expect.stringMatching(ID), orgId: org.id, email, name: 'Alice Adams' })
      expect(await two.accounts.userById(user.id)).toEqual(user)
      expect(await two.accounts.userByEmail(email.toUpperCase())).toEqual(user)
      expect(await accounts.userById('nobody')).toBeNull()
    })

    it('validates each field with a named reason', async () => {
      const org = await accounts.createOrg(unique('Validation'))
      const base = { orgId: org.id, email: `v${++n}@acme.test`, name: 'A', password: 'password1' }
      expect(await reasonOf(() => accounts.createUser({ ...base, orgId: 'missing' }))).toBe('unknown_org')
      for (const email of ['', 'a', 'a@b', '@acme.test', 'a b@acme.test', 'a@@acme.test', 'a@acme.', `${'a'.repeat(250)}@acme.test`]) {
        expect(await reasonOf(() => accounts.createUser({ ...base, email }))).toBe('invalid_email')
      }
      expect(await reasonOf(() => accounts.createUser({ ...base, name: '  ' }))).toBe('invalid_name')
      expect(await reasonOf(() => accounts.createUser({ ...base, password: '1234567' }))).toBe('weak_password')
      expect(await reasonOf(() => accounts.createUser(base))).toBe('no error')
      expect(await reasonOf(() => two.accounts.createUser({ ...base, email: base.email.toUpperCase() }))).toBe('email_taken')
    })

    it('lets one of two processes creating one email at once win', async () => {
      const org = await accounts.createOrg(unique('Email race'))
      const email = `race${++n}@acme.test`
      const results = await Promise.allSettled([
        accounts.createUser({ orgId: org.id, email, name: 'One', password: 'password1' }),
        two.accounts.createUser({ orgId: org.id, email, name: 'Two', password: 'password1' }),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected')
      expect(refused?.status === 'rejected' && (refused.reason as AccountError).reason).toBe('email_taken')
    })

    it('allows a short password only when asked to (the demo seed)', async () => {
      const org = await accounts.createOrg(unique('Demo'))
      const email = `demo${++n}@acme.test`
      const user = await accounts.createUser({ orgId: org.id, email, name: 'Demo', password: 'parley' }, { allowShortPassword: true })
      expect(await accounts.verifyLogin(email, 'parley')).toEqual(user)
    })

    it('lists an organization by name without case, and only that organization', async () => {
      const acme = await accounts.createOrg(unique('List'))
      const globex = await accounts.createOrg(unique('Other'))
      const add = (orgId: string, name: string) => accounts.createUser({ orgId, email: `l${++n}@acme.test`, name, password: 'password1' })
      await add(acme.id, 'carol')
      await add(acme.id, 'Alice')
      await add(globex.id, 'Gina')
      await add(acme.id, 'Bob')
      expect((await accounts.usersInOrg(acme.id)).map((u) => u.name)).toEqual(['Alice', 'Bob', 'carol'])
      expect((await accounts.usersInOrg(globex.id)).map((u) => u.name)).toEqual(['Gina'])
      expect(await accounts.usersInOrg('nope')).toEqual([])
    })

    it('verifies a login: the user for the right password, null otherwise', async () => {
      const org = await accounts.createOrg(unique('Login'))
      const email = `login${++n}@acme.test`
      const user = await accounts.createUser({ orgId: org.id, email, name: 'Alice', password: 'password1' })
      expect(await two.accounts.verifyLogin(email.toUpperCase(), 'password1')).toEqual(user)
      expect(await accounts.verifyLogin(email, 'password2')).toBeNull()
      expect(await accounts.verifyLogin(`nobody${n}@acme.test`, 'password1')).toBeNull()
      expect(Object.keys((await accounts.verifyLogin(email, 'password1')) ?? {})).toEqual(['id', 'orgId', 'email', 'name'])
    })

    it('deactivates a person (no sign-in, sessions end) and enables them again; false for an unknown id', async () => {
      const org = await accounts.createOrg(unique('Deactivate'))
      const email = `d${++n}@acme.test`
      const user = await accounts.createUser({ orgId: org.id, email, name: 'Dee', password: 'password1' })
      const session = await one.sessions.create(user.id)
      expect(await two.accounts.setDeactivated(user.id, true)).toBe(true)
      expect(await accounts.userById(user.id)).toMatchObject({ deactivatedAt: expect.any(Number) })
      expect(await accounts.verifyLogin(email, 'password1')).toBeNull()
      expect(await one.sessions.resolve(session.token)).toBeNull()
      expect(await accounts.setDeactivated(user.id, false)).toBe(true)
      expect(await accounts.verifyLogin(email, 'password1')).toEqual(user)
      expect(await accounts.setDeactivated('no-such-id', true)).toBe(false)
    })

    it('deletes a person for sign-in only: row and name stay, email and password go, sessions and waiting rows end', async () => {
      const org = await accounts.createOrg(unique('Delete'))
      const email = `dave${++n}@acme.test`
      const dave = await accounts.createUser({ orgId: org.id, email, name: 'Dave', password: 'password1' })
      const session = await one.sessions.create(dave.id)
      await one.docs.commit([], { registered: [], touched: [], sealed: [], epochs: [], waiting: [{ userId: dave.id, row: { chatId: 'c', members: [], startedBy: 'x', startedAt: 1, lastMessage: null, messageCount: 0, fromOthers: 0, unread: 0 } }] })
      expect(await two.accounts.deleteUser(dave.id)).toBe(true)
      expect(await accounts.userById(dave.id)).toMatchObject({
        name: 'Dave',
        email: `${dave.id.toLowerCase()}@former.invalid`,
        deletedAt: expect.any(Number),
        deactivatedAt: expect.any(Number),
      })
      expect(await one.sessions.resolve(session.token)).toBeNull()
      expect(await one.pendingRows.waiting(dave.id)).toEqual([])
      expect(await accounts.verifyLogin(email, 'password1')).toBeNull()
      expect(await reasonOf(() => accounts.setDeactivated(dave.id, false))).toBe('user_deleted')
      expect(await reasonOf(() => accounts.resetPassword(dave.id, 'password2'))).toBe('user_deleted')
      expect(await accounts.deleteUser(dave.id)).toBe(true)
      expect(await accounts.deleteUser('no-such-id')).toBe(false)
      // The email is free again.
      expect(await reasonOf(() => accounts.createUser({ orgId: org.id, email, name: 'New Dave', password: 'password1' }))).toBe('no error')
    })

    it('resets a password, ending sessions; refuses a short one and an unknown person', async () => {
      const org = await accounts.createOrg(unique('Reset'))
      const email = `bob${++n}@acme.test`
      const bob = await accounts.createUser({ orgId: org.id, email, name: 'Bob', password: 'password1' })
      const session = await one.sessions.create(bob.id)
      expect(await reasonOf(() => accounts.resetPassword(bob.id, 'short'))).toBe('weak_password')
      await two.accounts.resetPassword(bob.id, 'password2')
      expect(await one.sessions.resolve(session.token)).toBeNull()
      expect(await accounts.verifyLogin(email, 'password2')).toMatchObject({ id: bob.id })
      expect(await accounts.verifyLogin(email, 'password1')).toBeNull()
      expect(await reasonOf(() => accounts.resetPassword('no-such-id', 'password3'))).toBe('unknown_user')
    })

    it('renames an organization unless another has the name', async () => {
      const acme = await accounts.createOrg(unique('Rename'))
      const globex = await accounts.createOrg(unique('Taken'))
      const name = unique('Acme Recruiting')
      expect(await accounts.renameOrg(acme.id, ` ${name} `)).toEqual({ id: acme.id, name })
      expect((await accounts.renameOrg(acme.id, name.toLowerCase())).name).toBe(name.toLowerCase())
      expect(await reasonOf(() => accounts.renameOrg(acme.id, globex.name.toUpperCase()))).toBe('org_exists')
      expect(await reasonOf(() => accounts.renameOrg('nope', 'Whatever'))).toBe('unknown_org')
      expect(await reasonOf(() => accounts.renameOrg(acme.id, ' '))).toBe('invalid_org_name')
    })
  })
}
