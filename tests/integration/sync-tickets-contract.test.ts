// One contract for SyncTickets, run against SQLite and PostgreSQL: a ticket stands for the session
// that asked, opens one socket once whichever relay redeems it (two relays racing for one ticket:
// exactly one wins), expires to the millisecond, is swept when later tickets are issued, is stored
// only as its SHA-256, and is worth nothing once its session ended. Two bundles are two processes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthenticator } from '../../sync-server/src/accounts/authenticator.ts'
import { sessionKey } from '../../sync-server/src/accounts/sessions.ts'
import { ticketKey, type SyncTickets } from '../../sync-server/src/accounts/sync-tickets.ts'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { BACKENDS } from '../support/backends.ts'

const TTL_MS = 1000

for (const make of BACKENDS) {
  const backend = make()
  describe(`SyncTickets contract: ${backend.name}`, { timeout: 60_000 }, () => {
    let one: Backend, two: Backend
    let now = 1_700_000_000_000
    const clock = () => now
    let a: SyncTickets, b: SyncTickets
    beforeAll(async () => {
      one = await backend.open()
      two = await backend.open()
      a = one.syncTickets({ ttlMs: TTL_MS, clock })
      b = two.syncTickets({ ttlMs: TTL_MS, clock })
    }, 60_000)
    afterAll(() => backend.close())

    it('stand for the session that asked, once, whichever process redeems them', async () => {
      const issued = await a.issue('session-a')
      expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(issued.expiresAt).toBe(now + TTL_MS)
      expect(await b.redeem(issued.ticket)).toBe('session-a')
      expect(await a.redeem(issued.ticket)).toBeNull()
      expect(await b.redeem(issued.ticket)).toBeNull()
    })

    it('go to exactly one of two processes redeeming at once', async () => {
      const issued = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).issue(`race-${i}`)))
      const results = await Promise.all(issued.flatMap(({ ticket }) => [a.redeem(ticket), b.redeem(ticket)]))
      for (let i = 0; i < issued.length; i++) {
        const pair = results.slice(2 * i, 2 * i + 2)
        expect(pair.filter((r) => r !== null)).toEqual([`race-${i}`])
      }
    })

    it('expire after their time, to the millisecond', async () => {
      const early = await a.issue('s')
      const late = await a.issue('s')
      now += TTL_MS - 1
      expect(await b.redeem(early.ticket)).toBe('s')
      now += 1
      expect(await b.redeem(late.ticket)).toBeNull()
    })

    it('refuse unknown, empty, oversized and odd strings without throwing', async () => {
      await a.issue('s')
      for (const bad of ['', 'nope', 'x'.repeat(10_000), '\u0000', "'; DROP TABLE sync_tickets; --"]) expect(await b.redeem(bad)).toBeNull()
      expect(await b.redeem(undefined as unknown as string)).toBeNull()
    })

    it('are kept as their SHA-256 only, and swept once expired as new ones are issued', async () => {
      const old = await a.issue('swept')
      const kept = await backend.rows('SELECT ticket_hash, session_hash FROM sync_tickets')
      expect(kept).toContainEqual({ ticket_hash: ticketKey(old.ticket), session_hash: 'swept' })
      expect(JSON.stringify(kept)).not.toContain(old.ticket)
      now += 5 * TTL_MS
      await b.issue('later')
      expect(await backend.rows(`SELECT session_hash FROM sync_tickets WHERE session_hash = 'swept'`)).toEqual([])
      now -= 5 * TTL_MS // even with the clock turned back, the swept ticket is gone
      expect(await a.redeem(old.ticket)).toBeNull()
    })

    it('are worth nothing once their session ended, even unused', async () => {
      const org = await one.accounts.createOrg('Tickets')
      const alice = await one.accounts.createUser({ orgId: org.id, email: 'alice@tickets.test', name: 'Alice', password: 'password1' })
      const session = await one.sessions.create(alice.id)
      const authOne = createAuthenticator({ sessions: one.sessions, allowedOrigins: [], tickets: one.syncTickets({ ttlMs: 60_000 }) })
      const authTwo = createAuthenticator({ sessions: two.sessions, allowedOrigins: [], tickets: two.syncTickets({ ttlMs: 60_000 }) })
      const tickets = one.syncTickets({ ttlMs: 60_000 })
      const used = await tickets.issue(sessionKey(session.token))
      const unused = await tickets.issue(sessionKey(session.token))
      expect((await authTwo.authenticate({ ticket: used.ticket }))?.user).toEqual(alice)
      expect(await authOne.authenticate({ ticket: used.ticket })).toBeNull()
      await two.sessions.revoke(session.token)
      expect(await authTwo.authenticate({ ticket: unused.ticket })).toBeNull()
    })
  })
}
