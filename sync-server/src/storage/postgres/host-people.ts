// The people of host applications on PostgreSQL, with the rules of host/host-people.ts. Where
// SQLite takes its write lock, each change here holds an advisory lock on the host organization
// for its transaction: two first sign-ins of one person (or two uses of one token) in two relays
// cannot both pass, and the token id's primary key refuses a replay whichever relay sees it.

import type { Org, User } from '../../accounts/accounts.ts'
import { newAccountId } from '../../accounts/ids.ts'
import type { HostPeople, HostPerson, PersonChanges } from '../../host/host-people.ts'
import { CLOCK_TOLERANCE_SECONDS, HostTokenError } from '../../host/host-token.ts'
import { toUser, USER_COLUMNS, type UserRow } from './accounts.ts'
import type { PgDb, Queryable } from './pool.ts'

const HOST_ORG_LOCK_CLASS = 7285

export function createPostgresHostPeople(db: PgDb, options: { clock?: () => number } = {}): HostPeople {
  const clock = options.clock ?? Date.now

  const lockHostOrg = (tx: Queryable, issuer: string, hostOrg: string) =>
    tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [HOST_ORG_LOCK_CLASS, `${issuer}\u0001${hostOrg}`])
  const hostOrgId = async (q: Queryable, issuer: string, hostOrg: string) =>
    (await q.query<{ org_id: string }>('SELECT org_id FROM host_orgs WHERE issuer = $1 AND host_org = $2', [issuer, hostOrg])).rows[0]?.org_id ?? null
  const hostUserId = async (q: Queryable, issuer: string, hostOrg: string, sub: string) =>
    (await q.query<{ user_id: string }>('SELECT user_id FROM host_users WHERE issuer = $1 AND host_org = $2 AND sub = $3', [issuer, hostOrg, sub])).rows[0]
      ?.user_id ?? null
  const userById = async (q: Queryable, id: string): Promise<User | null> => {
    const row = (await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])).rows[0]
    return row ? toUser(row) : null
  }
  const userOrThrow = async (q: Queryable, id: string): Promise<User> => {
    const user = await userById(q, id)
    if (!user) throw new Error(`user ${id} vanished while being written`)
    return user
  }

  /** The Parley org of a host org, created (named after the host's id until renamed) if new. */
  const orgIdOf = async (tx: Queryable, issuer: string, hostOrg: string, name = hostOrg): Promise<string> => {
    const known = await hostOrgId(tx, issuer, hostOrg)
    if (known) return known
    const id = newAccountId()
    await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', [id, name, clock()])
    await tx.query('INSERT INTO host_orgs (issuer, host_org, org_id) VALUES ($1, $2, $3)', [issuer, hostOrg, id])
    return id
  }

  const write = async (tx: Queryable, issuer: string, hostOrg: string, sub: string, changes: PersonChanges): Promise<string> => {
    const known = await hostUserId(tx, issuer, hostOrg, sub)
    const email = changes.email === undefined ? undefined : changes.email.trim().toLowerCase() || null
    if (known) {
      await tx.query('UPDATE users SET name = $1 WHERE id = $2', [changes.name, known])
      if (email !== undefined) await tx.query('UPDATE users SET email = $1 WHERE id = $2', [email, known])
      return known
    }
    const id = newAccountId()
    const orgId = await orgIdOf(tx, issuer, hostOrg)
    await tx.query('INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, NULL, $5)', [
      id,
      orgId,
      email ?? null,
      changes.name,
      clock(),
    ])
    await tx.query('INSERT INTO host_users (issuer, host_org, sub, user_id) VALUES ($1, $2, $3, $4)', [issuer, hostOrg, sub, id])
    return id
  }

  const personOf = async (q: Queryable, issuer: string, hostOrg: string, sub: string): Promise<HostPerson | null> => {
    const id = await hostUserId(q, issuer, hostOrg, sub)
    const user = id ? await userById(q, id) : null
    return user ? { ...user, sub } : null
  }

  return {
    signIn: (claims) =>
      db.transaction(async (tx) => {
        const now = clock()
        await lockHostOrg(tx, claims.iss, claims.org)
        await tx.query('DELETE FROM host_token_ids WHERE expires_at <= $1', [now])
        const fresh = await tx.query('INSERT INTO host_token_ids (issuer, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          claims.iss,
          claims.jti,
          (claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000,
        ])
        if (!fresh.rowCount) throw new HostTokenError('host_token_replayed', 'This token was used already; sign a new one for each sign-in.')
        const known = await personOf(tx, claims.iss, claims.org, claims.sub)
        if (known?.deactivatedAt !== undefined) throw new HostTokenError('host_user_deactivated', 'This person was deactivated by the host.')
        return userOrThrow(tx, await write(tx, claims.iss, claims.org, claims.sub, { name: claims.name, email: claims.email }))
      }),
    putOrg: (issuer, hostOrg, name) =>
      db.transaction(async (tx): Promise<Org> => {
        await lockHostOrg(tx, issuer, hostOrg)
        const id = await orgIdOf(tx, issuer, hostOrg, name)
        await tx.query('UPDATE orgs SET name = $1 WHERE id = $2', [name, id])
        return { id, name }
      }),
    putPerson: (issuer, hostOrg, sub, changes) =>
      db.transaction(async (tx) => {
        await lockHostOrg(tx, issuer, hostOrg)
        return { ...(await userOrThrow(tx, await write(tx, issuer, hostOrg, sub, changes))), sub }
      }),
    async listPeople(issuer, hostOrg) {
      if (!(await hostOrgId(db, issuer, hostOrg))) return null
      const rows = await db.query<UserRow & { sub: string }>(
        `SELECT u.id, u.org_id, u.email, u.name, u.deactivated_at, u.deleted_at, h.sub FROM host_users h JOIN users u ON u.id = h.user_id
         WHERE h.issuer = $1 AND h.host_org = $2 ORDER BY nocase(u.name), u.id`,
        [issuer, hostOrg],
      )
      return rows.rows.map((row) => ({ ...toUser(row), sub: row.sub }))
    },
    personOf: (issuer, hostOrg, sub) => personOf(db, issuer, hostOrg, sub),
  }
}
