// Sync tickets on PostgreSQL, as accounts/sync-tickets.ts keeps them on SQLite: only a ticket's
// SHA-256 is stored, expired tickets are swept at each issue, and redeeming is one DELETE …
// RETURNING, so that when two relays redeem one ticket at once exactly one of them gets it.

import { mayBeTicket, newTicket, ticketKey, type SyncTickets, type SyncTicketsOptions } from '../../accounts/sync-tickets.ts'
import type { PgDb } from './pool.ts'

export function createPostgresSyncTickets(db: PgDb, options: SyncTicketsOptions): SyncTickets {
  const clock = options.clock ?? Date.now
  return {
    async issue(sessionHash) {
      const now = clock()
      await db.query('DELETE FROM sync_tickets WHERE expires_at <= $1', [now])
      const ticket = newTicket()
      const expiresAt = now + options.ttlMs
      await db.query('INSERT INTO sync_tickets (ticket_hash, session_hash, expires_at) VALUES ($1, $2, $3)', [ticketKey(ticket), sessionHash, expiresAt])
      return { ticket, expiresAt }
    },
    async redeem(ticket) {
      if (!mayBeTicket(ticket)) return null
      const taken = await db.query<{ session_hash: string; expires_at: string }>(
        'DELETE FROM sync_tickets WHERE ticket_hash = $1 RETURNING session_hash, expires_at',
        [ticketKey(ticket)],
      )
      const row = taken.rows[0]
      return row && Number(row.expires_at) > clock() ? row.session_hash : null
    },
  }
}
