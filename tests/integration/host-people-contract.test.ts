// One contract for HostPeople, run against SQLite and PostgreSQL: signing in from verified claims
// creates the organization and the person on first sight and updates them later, each token id
// signs in once (in any process), a deactivated person is refused, and the admin API's
// provisioning (putOrg, putPerson, listPeople, personOf) answers alike.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostClaims } from '../../sync-server/src/host/host-token.ts'
import { HostTokenError } from '../../sync-server/src/host/host-token.ts'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { BACKENDS } from '../support/backends.ts'

let jti = 0
const claims = (overrides: Partial<HostClaims> = {}): HostClaims => ({
  iss: 'https://crm.test',
  sub: 'u-1',
  org: 'org-1',
  name: 'Ada Lovelace',
  email: 'Ada@CRM.test',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 300,
  jti: `jti-${++jti}`,
  ...overrides,
})
const reasonOf = async (promise: Promise<unknown>) => {
  try {
    await promise
    return 'no error'
  } catch (err) {
    if (err instanceof HostTokenError) return err.reason
    throw err
  }
}

for (const make of BACKENDS) {
  const backend = make()
  describe(`HostPeople contract: ${backend.name}`, { timeout: 60_000 }, () => {
    let one: Backend, two: Backend
    let n = 0
    const hostOrg = () => `org-${++n}`
    beforeAll(async () => {
      one = await backend.open()
      two = await backend.open()
    }, 60_000)
    afterAll(() => backend.close())

    it('creates the organization and the person on first sign-in, and updates name and email later', async () => {
      const org = hostOrg()
      const ada = await one.hostPeople.signIn(claims({ org }))
      expect(ada).toEqual({ id: expect.any(String), orgId: expect.any(String), name: 'Ada Lovelace', email: 'ada@crm.test' })
      expect(await one.accounts.orgById(ada.orgId)).toEqual({ id: ada.orgId, name: org })
      const again = await two.hostPeople.signIn(claims({ org, name: 'Ada King', email: undefined }))
      expect(again).toEqual({ ...ada, name: 'Ada King' })
      expect(await one.hostPeople.signIn(claims({ org, name: 'Ada King', email: '' }))).toEqual({ ...ada, name: 'Ada King', email: '' })
      expect(await two.hostPeople.personOf('https://crm.test', org, 'u-1')).toEqual({ ...ada, name: 'Ada King', email: '', sub: 'u-1' })
      expect(await two.hostPeople.personOf('https://crm.test', org, 'u-2')).toBeNull()
    })

    it('signs each token id in once, whichever process sees it', async () => {
      const org = hostOrg()
      const token = claims({ org })
      await one.hostPeople.signIn(token)
      expect(await reasonOf(two.hostPeople.signIn(token))).toBe('host_token_replayed')
      const racing = claims({ org, sub: 'u-race' })
      const results = await Promise.allSettled([one.hostPeople.signIn(racing), two.hostPeople.signIn(racing)])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    })

    it('creates one person when two processes sign in a new person at once', async () => {
      const org = hostOrg()
      const [a, b] = await Promise.all([one.hostPeople.signIn(claims({ org, sub: 'new' })), two.hostPeople.signIn(claims({ org, sub: 'new' }))])
      expect(a.id).toBe(b.id)
      expect(await one.hostPeople.listPeople('https://crm.test', org)).toHaveLength(1)
    })

    it('refuses a deactivated person, keeping them in the list', async () => {
      const org = hostOrg()
      const ada = await one.hostPeople.signIn(claims({ org }))
      await one.accounts.setDeactivated(ada.id, true)
      expect(await reasonOf(two.hostPeople.signIn(claims({ org })))).toBe('host_user_deactivated')
      expect(await two.hostPeople.listPeople('https://crm.test', org)).toEqual([{ ...ada, deactivatedAt: expect.any(Number), sub: 'u-1' }])
    })

    it('provisions organizations and people for the admin API', async () => {
      const org = hostOrg()
      expect(await one.hostPeople.listPeople('https://crm.test', org)).toBeNull()
      const created = await one.hostPeople.putOrg('https://crm.test', org, 'Crm Customer')
      expect(created).toEqual({ id: expect.any(String), name: 'Crm Customer' })
      expect(await two.hostPeople.putOrg('https://crm.test', org, 'Renamed Customer')).toEqual({ id: created.id, name: 'Renamed Customer' })
      const zed = await two.hostPeople.putPerson('https://crm.test', org, 'z', { name: 'zed', email: 'Zed@CRM.test' })
      expect(zed).toEqual({ id: expect.any(String), orgId: created.id, name: 'zed', email: 'zed@crm.test', sub: 'z' })
      const amy = await one.hostPeople.putPerson('https://crm.test', org, 'a', { name: 'Amy' })
      expect(amy).toMatchObject({ name: 'Amy', email: '', sub: 'a', orgId: created.id })
      expect(await one.hostPeople.putPerson('https://crm.test', org, 'z', { name: 'Zed' })).toEqual({ ...zed, name: 'Zed' })
      expect((await two.hostPeople.listPeople('https://crm.test', org))?.map((p) => [p.name, p.sub])).toEqual([['Amy', 'a'], ['Zed', 'z']])
      // Another issuer's organization of the same id is another organization.
      expect(await one.hostPeople.listPeople('https://other.test', org)).toBeNull()
    })
  })
}
