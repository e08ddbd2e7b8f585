import { describe, expect, it } from 'vitest'
import { createSyncTickets } from './sync-tickets.ts'

const setup = (ttlMs = 1000) => {
  let now = 1_700_000_000_000
  const tickets = createSyncTickets({ ttlMs, clock: () => now })
  return { tickets, advance: (ms: number) => (now += ms), now: () => now }
}

describe('sync tickets', () => {
  it('stand for the session that asked, once', () => {
    const { tickets, now } = setup()
    const issued = tickets.issue('session-a')
    expect(issued.expiresAt).toBe(now() + 1000)
    expect(tickets.redeem(issued.ticket)).toBe('session-a')
    expect(tickets.redeem(issued.ticket)).toBeNull()
  })

  it('expire after their time, to the millisecond', () => {
    const { tickets, advance } = setup()
    const early = tickets.issue('s')
    const late = tickets.issue('s')
    advance(999)
    expect(tickets.redeem(early.ticket)).toBe('s')
    advance(1)
    expect(tickets.redeem(late.ticket)).toBeNull()
  })

  it('refuse unknown, empty and oversized strings without throwing', () => {
    const { tickets } = setup()
    tickets.issue('s')
    for (const bad of ['', 'nope', 'x'.repeat(10_000), '\u0000']) expect(tickets.redeem(bad)).toBeNull()
  })

  it('forget expired tickets as new ones are issued', () => {
    const { tickets, advance } = setup()
    const old = tickets.issue('s')
    advance(5000)
    tickets.issue('s')
    advance(-5000) // even with the clock turned back, the swept ticket is gone
    expect(tickets.redeem(old.ticket)).toBeNull()
  })
})
