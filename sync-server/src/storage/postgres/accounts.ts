// Organizations and users on PostgreSQL, with the rules of accounts/sqlite-accounts.ts: the same
// validation and AccountError reasons, scrypt hashes (accounts/password.ts), emails lower-cased
// and compared A–Z-insensitively, organization names unique without case. Where SQLite takes its
// write lock (IMMEDIATE) to make a check-then-write safe between processes, this takes an advisory
// lock or leans on a unique index.

import { AccountError } from '../../accounts/account-error.ts'
import type { Accounts, NewUser, Org, User } from '../../accounts/accounts.ts'
import { newAccountId } from '../../accounts/ids.ts'
import { dummyHash, hashPassword, verifyPassword } from '../../accounts/password.ts'
import { EMAIL, MAX_EMAIL_LENGTH, MIN_PASSWORD_LENGTH, cleanName, formerEmail, normalizeEmail } from '../../accounts/account-rules.ts'
import { isUniqueViolation, type PgDb, type Queryable } from './pool.ts'

/** Taken (per transaction) around "is this organization name free? then write it". */
const ORG_NAMES_LOCK = 7_283_915_004_118

export interface UserRow {
  id: string
  org_id: string
  email: string | null
  name: string
  deactivated_at: string | null
  deleted_at: string | null
}
export const USER_COLUMNS = 'id, org_id, email, name, deactivated_at, deleted_at'

/** BIGINT columns arrive as strings (node-postgres keeps 64-bit numbers exact); ms fit a double. */
const ms = (value: string | null) => (value === null ? null : Number(value))

export const toUser = (row: UserRow): User => {
  const deactivatedAt = ms(row.deactivated_at)
  const deletedAt = ms(row.deleted_at)
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email ?? '',
    name: row.name,
    ...(deactivatedAt === null ? {} : { deactivatedAt }),
    ...(deletedAt === null ? {} : { deletedAt }),
  }
}


export interface PostgresAccountsOptions {
  scryptCost: number
  clock?: () => number
}

export function createPostgresAccounts(db: PgDb, options: PostgresAccountsOptions): Accounts {
  const { scryptCost } = options
  const clock = options.clock ?? Date.now
  void dummyHash(scryptCost)

  const orgById = async (id: string, q: Queryable = db): Promise<Org | null> =>
    (await q.query<Org>('SELECT id, name FROM orgs WHERE id = $1', [id])).rows[0] ?? null
  const orgByName = async (name: string, q: Queryable = db): Promise<Org | null> =>
    (await q.query<Org>('SELECT id, name FROM orgs WHERE nocase(name) = nocase($1) ORDER BY id LIMIT 1', [name])).rows[0] ?? null
  const userRow = async (id: string, q: Queryable = db) =>
    (await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])).rows[0] ?? null
  const passwordUser = async (email: string) =>
    (
      await db.query<UserRow & { password_hash: string }>(
        `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE nocase(email) = nocase($1) AND password_hash IS NOT NULL`,
        [email],
      )
    ).rows[0] ?? null

  return {
    async userById(id) {
      const row = await userRow(id)
      return row ? toUser(row) : null
    },
    async usersInOrg(orgId) {
      const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE org_id = $1 ORDER BY nocase(name), id`, [orgId])
      return rows.rows.map(toUser)
    },
    orgById: (id) => orgById(id),
    orgByName: (name) => orgByName(name.trim()),
    async listOrgs() {
      return (await db.query<Org>('SELECT id, name FROM orgs ORDER BY nocase(name), id')).rows
    },
    async createOrg(rawName) {
      const name = cleanName(rawName, 'org')
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ORG_NAMES_LOCK])
        if (await orgByName(name, tx)) throw new AccountError('org_exists', `An organization named "${name}" already exists.`)
        const org = { id: newAccountId(), name }
        await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', [org.id, org.name, clock()])
        return org
      })
    },
    async userByEmail(email) {
      const row = await passwordUser(normalizeEmail(email))
      return row ? toUser(row) : null
    },

    async createUser(input: NewUser, createOptions = {}) {
      if (!(await orgById(input.orgId))) throw new AccountError('unknown_org', `No organization has the id "${input.orgId}".`)
      const email = normalizeEmail(input.email)
      if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) throw new AccountError('invalid_email', `"${input.email}" is not an email address.`)
      const name = cleanName(input.name, 'user')
      if (!createOptions.allowShortPassword && input.password.length < MIN_PASSWORD_LENGTH) {
        throw new AccountError('weak_password', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
      }
      if (await passwordUser(email)) throw new AccountError('email_taken', `${email} already has an account.`)
      const hash = await hashPassword(input.password, scryptCost)
      const user: User = { id: newAccountId(), orgId: input.orgId, email, name }
      try {
        await db.query('INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          user.id,
          user.orgId,
          user.email,
          user.name,
          hash,
          clock(),
        ])
      } catch (err) {
        if (isUniqueViolation(err)) throw new AccountError('email_taken', `${email} already has an account.`)
        throw err
      }
      return user
    },

    async verifyLogin(email, password) {
      const row = await passwordUser(normalizeEmail(email))
      const matches = await verifyPassword(password, row?.password_hash ?? (await dummyHash(scryptCost)))
      return row && matches && row.deactivated_at === null ? toUser(row) : null
    },

    async setDeactivated(userId, deactivated) {
      return db.transaction(async (tx) => {
        const row = await tx.query<{ deleted_at: string | null }>('SELECT deleted_at FROM users WHERE id = $1 FOR UPDATE', [userId])
        if (!deactivated && row.rows[0]?.deleted_at) throw new AccountError('user_deleted', 'A deleted person cannot be enabled again; add them anew.')
        const changed = ((await tx.query('UPDATE users SET deactivated_at = $1 WHERE id = $2', [deactivated ? clock() : null, userId])).rowCount ?? 0) > 0
        if (changed && deactivated) await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId])
        return changed
      })
    },

    async deleteUser(userId) {
      return db.transaction(async (tx) => {
        if (!(await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId])).rowCount) return false
        const now = clock()
        await tx.query(
          `UPDATE users SET deleted_at = $1, deactivated_at = coalesce(deactivated_at, $1), email = $2, password_hash = ''
           WHERE id = $3 AND deleted_at IS NULL`,
          [now, formerEmail(userId), userId],
        )
        await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId])
        await tx.query('DELETE FROM pending_inbox_rows WHERE user_id = $1', [userId])
        return true
      })
    },

    async renameOrg(orgId, rawName) {
      const name = cleanName(rawName, 'org')
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ORG_NAMES_LOCK])
        if (!(await orgById(orgId, tx))) throw new AccountError('unknown_org', `No organization has the id "${orgId}".`)
        const taken = await orgByName(name, tx)
        if (taken && taken.id !== orgId) throw new AccountError('org_exists', `An organization named "${name}" already exists.`)
        await tx.query('UPDATE orgs SET name = $1 WHERE id = $2', [name, orgId])
        return { id: orgId, name }
      })
    },

    async resetPassword(userId, password) {
      const row = await userRow(userId)
      if (!row) throw new AccountError('unknown_user', `No person has the id "${userId}".`)
      if (row.deleted_at !== null) throw new AccountError('user_deleted', 'A deleted person has no password to reset.')
      if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError('weak_password', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
      const hash = await hashPassword(password, scryptCost)
      await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, userId])
        await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId])
      })
    },
  }
}
