// Login sessions on PostgreSQL, as accounts/sessions.ts keeps them on SQLite: only the SHA-256 of
// a token is stored, expired sessions are swept at each login, and `changeSeq` reads the counter
// that the schema's triggers bump when a session row is deleted or a person's deactivation
// changes, from whichever process did it.

import { randomBytes } from 'node:crypto'
import type { Authenticated } from '../../accounts/accounts.ts'
import { sessionKey, type Sessions } from '../../accounts/sessions.ts'
import type { PgDb } from './pool.ts'

export interface PostgresSessionsOptions {
  ttlHours: number
  clock?: () => number
}

interface SessionRow {
  expires_at: string
  id: string
  org_id: string
  name: string
  email: string | null
}

export function createPostgresSessions(db: PgDb, options: PostgresSessionsOptions): Sessions {
  const clock = options.clock ?? Date.now
  const ttlMs = options.ttlHours * 60 * 60 * 1000

  const lookupKey = async (hash: string): Promise<Authenticated | null> => {
    const found = await db.query<SessionRow>(
      `SELECT s.expires_at, u.id, u.org_id, u.name, u.email
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.deactivated_at IS NULL`,
      [hash],
    )
    const row = found.rows[0]
    if (!row) return null
    const expiresAt = Number(row.expires_at)
    if (expiresAt <= clock()) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [hash])
      return null
    }
    return { user: { id: row.id, orgId: row.org_id, name: row.name, email: row.email ?? '' }, sessionHash: hash, expiresAt }
  }
  const lookup = async (token: string) => (typeof token === 'string' && token.length > 0 ? lookupKey(sessionKey(token)) : null)

  return {
    async create(userId) {
      const now = clock()
      await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])
      const token = randomBytes(32).toString('base64url')
      const expiresAt = now + ttlMs
      await db.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sessionKey(token), userId, now, expiresAt])
      return { token, expiresAt }
    },
    resolve: async (token) => (await lookup(token))?.user ?? null,
    lookup,
    lookupKey,
    async revoke(token) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [sessionKey(token)])
    },
    async revokeAllFor(userId) {
      return (await db.query('DELETE FROM sessions WHERE user_id = $1', [userId])).rowCount ?? 0
    },
    async stillValid(hashes) {
      if (!hashes.length) return new Set()
      const rows = await db.query<{ token_hash: string }>(
        `SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > $2 AND u.deactivated_at IS NULL`,
        [hashes, clock()],
      )
      return new Set(rows.rows.map((r) => r.token_hash))
    },
    async changeSeq() {
      const row = await db.query<{ seq: string }>('SELECT seq FROM session_changes WHERE id = 1')
      return Number(row.rows[0]?.seq ?? 0)
    },
  }
}
