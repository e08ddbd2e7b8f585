// One contract for Sessions, run against SQLite and PostgreSQL: tokens resolve to their person
// until they end (revoked, expired, person deactivated), only hashes are stored, and the change
// counter moves for every ended session and deactivation, whichever process caused it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../sync-server/src/accounts/accounts.ts'
import { sessionKey } from '../../sync-server/src/accounts/sessions.ts'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { BACKENDS } from '../support/backends.ts'

for (const make of BACKENDS) {
  const backend = make()
  describe(`Sessions contract: ${backend.name}`, { timeout: 60_000 }, () => {
    let one: Backend, two: Backend, expired: Backend
    let alice: User, bob: User
    let n = 0
    const person = async (name: string) => {
      const org = (await one.accounts.orgByName('Sessions')) ?? (await one.accounts.createOrg('Sessions'))
      return one.accounts.createUser({ orgId: org.id, email: `${name.toLowerCase()}${++n}@acme.test`, name, password: 'password1' })
    }
    beforeAll(async () => {
      one = await backend.open()
      two = await backend.open()
      expired = await backend.open({ sessionTtlHours: 0 })
      alice = await person('Alice')
      bob = await person('Bob')
    }, 60_000)
    afterAll(() => backend.close())

    it('creates a 32-byte base64url token that resolves to its person, in any process', async () => {
      const { token, expiresAt } = await one.sessions.create(alice.id)
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(expiresAt).toBeGreaterThan(Date.now() + 59 * 60_000)
      expect(await two.sessions.resolve(token)).toEqual(alice)
      expect(await two.sessions.lookup(token)).toEqual({ user: alice, sessionHash: sessionKey(token), expiresAt })
      expect(await two.sessions.lookupKey(sessionKey(token))).toEqual({ user: alice, sessionHash: sessionKey(token), expiresAt })
    })

    it('resolves unknown, empty and garbage tokens to null', async () => {
      for (const token of ['', 'nope', 'x'.repeat(10_000), '\u0000;\n']) expect(await one.sessions.resolve(token)).toBeNull()
      expect(await one.sessions.lookupKey('\u0001nope')).toBeNull()
    })

    it('refuses an expired session, and forgets it', async () => {
      const { token } = await expired.sessions.create(alice.id)
      expect(await one.sessions.stillValid([sessionKey(token)])).toEqual(new Set())
      expect(await expired.sessions.resolve(token)).toBeNull()
      expect(await one.sessions.lookupKey(sessionKey(token))).toBeNull()
    })

    it('revoke ends one session and leaves the others', async () => {
      const phone = await one.sessions.create(alice.id)
      const laptop = await one.sessions.create(alice.id)
      await two.sessions.revoke(phone.token)
      expect(await one.sessions.resolve(phone.token)).toBeNull()
      expect(await one.sessions.resolve(laptop.token)).toEqual(alice)
    })

    it('revokeAllFor ends every session of one person only, and says how many', async () => {
      const carol = await person('Carol')
      const c1 = await one.sessions.create(carol.id)
      const c2 = await one.sessions.create(carol.id)
      const b = await one.sessions.create(bob.id)
      expect(await two.sessions.revokeAllFor(carol.id)).toBe(2)
      expect(await one.sessions.resolve(c1.token)).toBeNull()
      expect(await one.sessions.resolve(c2.token)).toBeNull()
      expect(await one.sessions.resolve(b.token)).toEqual(bob)
      expect(await two.sessions.revokeAllFor(carol.id)).toBe(0)
    })

    it('tells which sessions still stand', async () => {
      const dave = await person('Dave')
      const kept = await one.sessions.create(bob.id)
      const revoked = await one.sessions.create(bob.id)
      const deactivated = await one.sessions.create(dave.id)
      await one.sessions.revoke(revoked.token)
      await one.accounts.setDeactivated(dave.id, true)
      const keys = [kept, revoked, deactivated].map((s) => sessionKey(s.token))
      expect(await two.sessions.stillValid([...keys, 'unknown'])).toEqual(new Set([sessionKey(kept.token)]))
      expect(await two.sessions.stillValid([])).toEqual(new Set())
    })

    it('moves the change counter when a session ends (revoked, or its person deactivated), in any process; not when one starts', async () => {
      const erin = await person('Erin')
      const start = await two.sessions.changeSeq()
      const session = await one.sessions.create(erin.id)
      expect(await two.sessions.changeSeq()).toBe(start)
      await one.sessions.revoke(session.token)
      const afterRevoke = await two.sessions.changeSeq()
      expect(afterRevoke).toBeGreaterThan(start)
      await one.sessions.revoke(session.token)
      expect(await two.sessions.changeSeq()).toBe(afterRevoke)
      // Deactivating ends the person's open sessions.
      await one.sessions.create(erin.id)
      await one.accounts.setDeactivated(erin.id, true)
      expect(await two.sessions.changeSeq()).toBeGreaterThan(afterRevoke)
    })
  })
}
