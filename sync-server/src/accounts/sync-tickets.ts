// Short-lived, single-use tickets for opening a WebSocket from a page on another origin, so that
// the session token itself never travels in a URL (where proxies and browser history keep it).
// A ticket stands for the session that asked for it and is worth nothing once that session ends.
// Kept in memory, per relay process: a ticket is redeemed at the relay that issued it.

import { createHash, randomBytes } from 'node:crypto'

export interface IssuedTicket {
  /** 32 random bytes, base64url. */
  ticket: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface SyncTickets {
  /** A new ticket for the session whose key (sessions.ts `sessionKey`) is given. */
  issue(sessionHash: string): IssuedTicket
  /** The session key a ticket stands for, exactly once; null when unknown, used or expired. */
  redeem(ticket: string): string | null
}

export interface SyncTicketsOptions {
  ttlMs: number
  clock?: () => number
}

const keyOf = (ticket: string) => createHash('sha256').update(ticket).digest('base64url')

export function createSyncTickets(options: SyncTicketsOptions): SyncTickets {
  const clock = options.clock ?? Date.now
  // Every ticket lives equally long, so insertion order is expiry order: expired ones are at
  // the front and a sweep stops at the first live one.
  const live = new Map<string, { sessionHash: string; expiresAt: number }>()
  const sweep = (now: number) => {
    for (const [key, entry] of live) {
      if (entry.expiresAt > now) return
      live.delete(key)
    }
  }
  return {
    issue(sessionHash) {
      const now = clock()
      sweep(now)
      const ticket = randomBytes(32).toString('base64url')
      const expiresAt = now + options.ttlMs
      live.set(keyOf(ticket), { sessionHash, expiresAt })
      return { ticket, expiresAt }
    },
    redeem(ticket) {
      if (typeof ticket !== 'string' || ticket.length === 0 || ticket.length > 100) return null
      const key = keyOf(ticket)
      const entry = live.get(key)
      live.delete(key)
      return entry && entry.expiresAt > clock() ? entry.sessionHash : null
    },
  }
}
