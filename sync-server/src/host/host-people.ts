// The people of host applications, keyed by the host's own ids (issuer, org, sub), never by email:
// signing in from verified claims (creating the organization and the person on first sight,
// updating name and email later, each token id used once) and the provisioning the admin API
// and the CLI do. Host people have no password; deactivating goes through Accounts.

import type { Org, User } from '../accounts/accounts.ts'
import { toUser, type UserRow } from '../accounts/sqlite-accounts.ts'
import { newAccountId } from '../accounts/ids.ts'
import type { Db } from '../storage/database.ts'
import { CLOCK_TOLERANCE_SECONDS, HostTokenError, type HostClaims } from './host-token.ts'

export interface HostPerson extends User {
  /** The host's id for this person. */
  sub: string
}

export interface PersonChanges {
  name: string
  /** Omitted: unchanged; empty: removed. */
  email?: string | undefined
}

export interface HostPeople {
  /** The person these verified claims name, created if new. Throws HostTokenError (replayed, deactivated). */
  signIn(claims: HostClaims): Promise<User>
  /** Creates or renames the host's organization. */
  putOrg(issuer: string, hostOrg: string, name: string): Promise<Org>
  /** Creates or updates a person (creating the organization too); never reactivates. */
  putPerson(issuer: string, hostOrg: string, sub: string, changes: PersonChanges): Promise<HostPerson>
  /** The organization's people, deactivated ones included; null for an unknown organization. */
  listPeople(issuer: string, hostOrg: string): Promise<HostPerson[] | null>
  /** The Parley user of a host person, or null. */
  personOf(issuer: string, hostOrg: string, sub: string): Promise<HostPerson | null>
}

export interface HostPeopleOptions {
  clock?: () => number
}

/** Host people on the relay's SQLite file (people and organizations read from its own tables). */
export function createHostPeople(db: Db, options: HostPeopleOptions = {}): HostPeople {
  const clock = options.clock ?? Date.now
  const selectParleyUser = db.prepare<[string], UserRow>('SELECT id, org_id, email, name, deactivated_at, deleted_at FROM users WHERE id = ?')
  const selectParleyOrg = db.prepare<[string], Org>('SELECT id, name FROM orgs WHERE id = ?')
  const userById = (id: string): User | null => {
    const row = selectParleyUser.get(id)
    return row ? toUser(row) : null
  }

  const selectOrg = db.prepare<[string, string], { org_id: string }>('SELECT org_id FROM host_orgs WHERE issuer = ? AND host_org = ?')
  const insertOrg = db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)')
  const insertHostOrg = db.prepare('INSERT INTO host_orgs (issuer, host_org, org_id) VALUES (?, ?, ?)')
  const renameOrg = db.prepare('UPDATE orgs SET name = ? WHERE id = ?')
  const selectUser = db.prepare<[string, string, string], { user_id: string }>(
    'SELECT user_id FROM host_users WHERE issuer = ? AND host_org = ? AND sub = ?',
  )
  const selectPeople = db.prepare<[string, string], { user_id: string; sub: string }>(
    `SELECT h.user_id, h.sub FROM host_users h JOIN users u ON u.id = h.user_id
     WHERE h.issuer = ? AND h.host_org = ? ORDER BY u.name COLLATE NOCASE, u.id`,
  )
  const insertUser = db.prepare('INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, NULL, ?)')
  const insertHostUser = db.prepare('INSERT INTO host_users (issuer, host_org, sub, user_id) VALUES (?, ?, ?, ?)')
  const updateName = db.prepare('UPDATE users SET name = ? WHERE id = ?')
  const updateEmail = db.prepare('UPDATE users SET email = ? WHERE id = ?')
  const sweepTokenIds = db.prepare('DELETE FROM host_token_ids WHERE expires_at <= ?')
  const insertTokenId = db.prepare('INSERT OR IGNORE INTO host_token_ids (issuer, jti, expires_at) VALUES (?, ?, ?)')

  /** The Parley org of a host org, created (named after the host's id until renamed) if new. */
  const orgIdOf = (issuer: string, hostOrg: string, name = hostOrg): string => {
    const known = selectOrg.get(issuer, hostOrg)
    if (known) return known.org_id
    const id = newAccountId()
    insertOrg.run(id, name, clock())
    insertHostOrg.run(issuer, hostOrg, id)
    return id
  }

  const write = (issuer: string, hostOrg: string, sub: string, changes: PersonChanges): string => {
    const known = selectUser.get(issuer, hostOrg, sub)
    const email = changes.email === undefined ? undefined : changes.email.trim().toLowerCase() || null
    if (known) {
      updateName.run(changes.name, known.user_id)
      if (email !== undefined) updateEmail.run(email, known.user_id)
      return known.user_id
    }
    const id = newAccountId()
    insertUser.run(id, orgIdOf(issuer, hostOrg), email ?? null, changes.name, clock())
    insertHostUser.run(issuer, hostOrg, sub, id)
    return id
  }

  const personOf = (issuer: string, hostOrg: string, sub: string): HostPerson | null => {
    const row = selectUser.get(issuer, hostOrg, sub)
    const user = row ? userById(row.user_id) : null
    return user ? { ...user, sub } : null
  }

  const signIn = db.transaction((claims: HostClaims): string => {
    const now = clock()
    sweepTokenIds.run(now)
    // Kept until the token is refused as expired (its exp, plus the clock tolerance).
    if (insertTokenId.run(claims.iss, claims.jti, (claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000).changes === 0) {
      throw new HostTokenError('host_token_replayed', 'This token was used already; sign a new one for each sign-in.')
    }
    const known = personOf(claims.iss, claims.org, claims.sub)
    if (known?.deactivatedAt !== undefined) {
      throw new HostTokenError('host_user_deactivated', 'This person was deactivated by the host.')
    }
    return write(claims.iss, claims.org, claims.sub, { name: claims.name, email: claims.email })
  })

  const putOrg = db.transaction((issuer: string, hostOrg: string, name: string): string => {
    const id = orgIdOf(issuer, hostOrg, name)
    renameOrg.run(name, id)
    return id
  })
  const putPerson = db.transaction((issuer: string, hostOrg: string, sub: string, changes: PersonChanges) => write(issuer, hostOrg, sub, changes))

  const userOrThrow = (id: string): User => {
    const user = userById(id)
    if (!user) throw new Error(`user ${id} vanished while being written`)
    return user
  }

  return {
    // IMMEDIATE: the token id check and the creation happen under one write lock, so two uses
    // of one token (or two first sign-ins of one person) cannot both pass.
    signIn: async (claims) => userOrThrow(signIn.immediate(claims)),
    async putOrg(issuer, hostOrg, name) {
      const id = putOrg.immediate(issuer, hostOrg, name)
      return selectParleyOrg.get(id) ?? { id, name }
    },
    putPerson: async (issuer, hostOrg, sub, changes) => ({ ...userOrThrow(putPerson.immediate(issuer, hostOrg, sub, changes)), sub }),
    async listPeople(issuer, hostOrg) {
      if (!selectOrg.get(issuer, hostOrg)) return null
      return selectPeople.all(issuer, hostOrg).flatMap((row) => {
        const user = userById(row.user_id)
        return user ? [{ ...user, sub: row.sub }] : []
      })
    },
    personOf: async (issuer, hostOrg, sub) => personOf(issuer, hostOrg, sub),
  }
}
