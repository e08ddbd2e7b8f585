// Short-lived, single-use tickets for opening a WebSocket from a page on another origin, so that
// the session token itself never travels in a URL (where proxies and browser history keep it).
// A ticket stands for the session that asked for it and is worth nothing once that session ends
// (the authenticator looks the session up after redeeming). Tickets live in the database
// (sync_tickets, only their SHA-256), so a ticket issued by one relay opens a socket on another;
// redeeming deletes the row in one statement, so that of two relays racing, one gets it.
// This file holds the interface and the SQLite store; postgres/sync-tickets.ts is the twin.

import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../storage/database.ts'

export interface IssuedTicket {
  /** 32 random bytes, base64url. */
  ticket: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface SyncTickets {
  /** A new ticket for the session whose key (sessions.ts `sessionKey`) is given. */
  issue(sessionHash: string): Promise<IssuedTicket>
  /** The session key a ticket stands for, exactly once across every relay; null when unknown, used or expired. */
  redeem(ticket: string): Promise<string | null>
}

export interface SyncTicketsOptions {
  ttlMs: number
  clock?: () => number
}

/** The key a ticket is stored under: its SHA-256, so a copy of the database redeems nothing. */
export const ticketKey = (ticket: string) => createHash('sha256').update(ticket).digest('base64url')

/** A fresh ticket. */
export const newTicket = () => randomBytes(32).toString('base64url')

/** Whether a string can be a ticket at all (what issue() makes is 43 characters). */
export const mayBeTicket = (ticket: unknown): ticket is string => typeof ticket === 'string' && ticket.length > 0 && ticket.length <= 100

export function createSqliteSyncTickets(db: Db, options: SyncTicketsOptions): SyncTickets {
  const clock = options.clock ?? Date.now
  const insert = db.prepare('INSERT INTO sync_tickets (ticket_hash, session_hash, expires_at) VALUES (?, ?, ?)')
  // Tickets that expire unused are never redeemed; sweeping them at each issue keeps the table
  // the size of the tickets in flight without a timer (as sessions are swept at each login).
  const removeExpired = db.prepare('DELETE FROM sync_tickets WHERE expires_at <= ?')
  const take = db.prepare<[string], { session_hash: string; expires_at: number }>(
    'DELETE FROM sync_tickets WHERE ticket_hash = ? RETURNING session_hash, expires_at',
  )
  return {
    async issue(sessionHash) {
      const now = clock()
      removeExpired.run(now)
      const ticket = newTicket()
      const expiresAt = now + options.ttlMs
      insert.run(ticketKey(ticket), sessionHash, expiresAt)
      return { ticket, expiresAt }
    },
    async redeem(ticket) {
      if (!mayBeTicket(ticket)) return null
      const row = take.get(ticketKey(ticket))
      return row && row.expires_at > clock() ? row.session_hash : null
    },
  }
}
