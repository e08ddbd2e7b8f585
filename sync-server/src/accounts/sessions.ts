// Login sessions: random bearer tokens whose SHA-256 alone is stored, so a copy of the database
// does not let anyone log in. Checking where a token came from (cookie and Origin) is authenticator.ts.

import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../storage/database.ts'
import type { Authenticated, User } from './accounts.ts'

/** Name of the cookie that carries the session token in browsers. */
export const SESSION_COOKIE = 'parley_session'

export interface NewSession {
  /** 32 random bytes, base64url. Shown once; the relay keeps only its hash. */
  token: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface Sessions {
  create(userId: string): Promise<NewSession>
  /** The session's user, or null when the token is unknown, expired (then deleted) or its person deactivated. */
  resolve(token: string): Promise<User | null>
  /** As resolve, with the session's key and expiry (what the relay watches). */
  lookup(token: string): Promise<Authenticated | null>
  /** As lookup, by the session's key (see `sessionKey`) instead of its token. */
  lookupKey(sessionHash: string): Promise<Authenticated | null>
  revoke(token: string): Promise<void>
  /** Ends every session of a person; returns how many there were. */
  revokeAllFor(userId: string): Promise<number>
  /** Which of these session keys still stand (not ended, not expired, person active). */
  stillValid(hashes: readonly string[]): Promise<Set<string>>
  /** A number that grows whenever any session ends, in this process or another on the same database. */
  changeSeq(): Promise<number>
}

export interface SessionsOptions {
  ttlHours: number
  clock?: () => number
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** The key a session is stored and watched under: the SHA-256 of its token. */
export const sessionKey = hashToken

export function createSessions(db: Db, options: SessionsOptions): Sessions {
  const clock = options.clock ?? Date.now
  const ttlMs = options.ttlHours * 60 * 60 * 1000

  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
  const select = db.prepare<[string], { expires_at: number; id: string; org_id: string; name: string; email: string | null }>(
    `SELECT s.expires_at, u.id, u.org_id, u.name, u.email
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.deactivated_at IS NULL`,
  )
  const selectValid = db.prepare<[string, number], { token_hash: string }>(
    `SELECT s.token_hash FROM json_each(?) j JOIN sessions s ON s.token_hash = j.value
     JOIN users u ON u.id = s.user_id WHERE s.expires_at > ? AND u.deactivated_at IS NULL`,
  )
  const selectSeq = db.prepare<[], { seq: number }>('SELECT seq FROM session_changes WHERE id = 1')
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?')
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?')
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?')

  const lookupKey = (hash: string): Authenticated | null => {
    const row = select.get(hash)
    if (!row) return null
    if (row.expires_at <= clock()) {
      remove.run(hash)
      return null
    }
    return { user: { id: row.id, orgId: row.org_id, name: row.name, email: row.email ?? '' }, sessionHash: hash, expiresAt: row.expires_at }
  }
  const lookup = (token: string): Authenticated | null =>
    typeof token === 'string' && token.length > 0 ? lookupKey(hashToken(token)) : null

  return {
    async create(userId) {
      const now = clock()
      // Sessions that expire unused are never resolved again; sweeping them at each login keeps
      // the table the size of the active sessions without a timer.
      removeExpired.run(now)
      const token = randomBytes(32).toString('base64url')
      const expiresAt = now + ttlMs
      insert.run(hashToken(token), userId, now, expiresAt)
      return { token, expiresAt }
    },
    resolve: async (token) => lookup(token)?.user ?? null,
    lookup: async (token) => lookup(token),
    lookupKey: async (hash) => lookupKey(hash),
    revoke: async (token) => void remove.run(hashToken(token)),
    revokeAllFor: async (userId) => removeForUser.run(userId).changes,
    stillValid: async (hashes) => new Set(hashes.length ? selectValid.all(JSON.stringify(hashes), clock()).map((row) => row.token_hash) : []),
    changeSeq: async () => selectSeq.get()?.seq ?? 0,
  }
}
