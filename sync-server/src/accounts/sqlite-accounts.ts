// Organizations and users on the relay's SQLite file: lookups, creation with validation, and
// password checks. Sessions live in sessions.ts; who may enter which room is the relay's business.

import type { Db } from '../storage/database.ts'
import { AccountError } from './account-error.ts'
import { EMAIL, MAX_EMAIL_LENGTH, MIN_PASSWORD_LENGTH, cleanName, formerEmail, normalizeEmail } from './account-rules.ts'
import type { Accounts, NewUser, Org, User } from './accounts.ts'
import { newAccountId } from './ids.ts'
import { dummyHash, hashPassword, verifyPassword } from './password.ts'

export interface SqliteAccountsOptions {
  /** scrypt N for new password hashes (config.scryptCost). */
  scryptCost: number
  clock?: () => number
}


export interface UserRow {
  id: string
  org_id: string
  /** Null for a person a host application signed in without an email. */
  email: string | null
  name: string
  deactivated_at: number | null
  deleted_at: number | null
}
export const toUser = (row: UserRow): User => ({
  id: row.id,
  orgId: row.org_id,
  email: row.email ?? '',
  name: row.name,
  ...(row.deactivated_at === null ? {} : { deactivatedAt: row.deactivated_at }),
  ...(row.deleted_at === null ? {} : { deletedAt: row.deleted_at }),
})




const isUniqueViolation = (err: unknown) => err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE'

/** Accounts on the relay's database. */
export function createSqliteAccounts(db: Db, options: SqliteAccountsOptions): Accounts {
  const { scryptCost } = options
  const clock = options.clock ?? Date.now
  // Made now, so that the first login for an unknown email is not the one that pays for it.
  void dummyHash(scryptCost)

  const selectOrg = db.prepare<[string], Org>('SELECT id, name FROM orgs WHERE id = ?')
  const selectOrgByName = db.prepare<[string], Org>('SELECT id, name FROM orgs WHERE name = ? COLLATE NOCASE')
  const selectOrgs = db.prepare<[], Org>('SELECT id, name FROM orgs ORDER BY name COLLATE NOCASE, id')
  const insertOrg = db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)')
  const selectUser = db.prepare<[string], UserRow>('SELECT id, org_id, email, name, deactivated_at, deleted_at FROM users WHERE id = ?')
  // Only people with a password sign in by email; people of a host application are found by
  // their host ids (host/host-people.ts), and their emails need not be unique.
  const selectUserByEmail = db.prepare<[string], UserRow & { password_hash: string }>(
    'SELECT id, org_id, email, name, deactivated_at, deleted_at, password_hash FROM users WHERE email = ? AND password_hash IS NOT NULL',
  )
  const selectUsersInOrg = db.prepare<[string], UserRow>(
    'SELECT id, org_id, email, name, deactivated_at, deleted_at FROM users WHERE org_id = ? ORDER BY name COLLATE NOCASE, id',
  )
  const updateDeactivated = db.prepare('UPDATE users SET deactivated_at = ? WHERE id = ?')
  const deleteSessionsOf = db.prepare('DELETE FROM sessions WHERE user_id = ?')
  const setDeactivated = db.transaction((userId: string, deactivated: boolean): boolean => {
    if (!deactivated && selectUser.get(userId)?.deleted_at) throw new AccountError('user_deleted', 'A deleted person cannot be enabled again; add them anew.')
    const changed = updateDeactivated.run(deactivated ? clock() : null, userId).changes > 0
    if (changed && deactivated) deleteSessionsOf.run(userId)
    return changed
  })
  const deletePendingRowsOf = db.prepare('DELETE FROM pending_inbox_rows WHERE user_id = ?')
  // An empty hash never verifies (password.ts parses it as malformed), so no password matches.
  const markDeleted = db.prepare(
    `UPDATE users SET deleted_at = ?, deactivated_at = coalesce(deactivated_at, ?), email = ?, password_hash = ''
     WHERE id = ? AND deleted_at IS NULL`,
  )
  const deleteUser = db.transaction((userId: string): boolean => {
    if (!selectUser.get(userId)) return false
    const now = clock()
    markDeleted.run(now, now, formerEmail(userId), userId)
    deleteSessionsOf.run(userId)
    deletePendingRowsOf.run(userId)
    return true
  })
  const updatePassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?')
  const setPassword = db.transaction((userId: string, hash: string) => {
    updatePassword.run(hash, userId)
    deleteSessionsOf.run(userId)
  })
  const updateOrgName = db.prepare('UPDATE orgs SET name = ? WHERE id = ?')
  const renameOrgOnce = db.transaction((orgId: string, name: string): Org => {
    if (!selectOrg.get(orgId)) throw new AccountError('unknown_org', `No organization has the id "${orgId}".`)
    const taken = selectOrgByName.get(name)
    if (taken && taken.id !== orgId) throw new AccountError('org_exists', `An organization named "${name}" already exists.`)
    updateOrgName.run(name, orgId)
    return { id: orgId, name }
  })
  const insertUser = db.prepare('INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')

  const orgById = (id: string): Org | null => selectOrg.get(id) ?? null
  const orgByName = (name: string): Org | null => selectOrgByName.get(name.trim()) ?? null

  // IMMEDIATE takes the write lock before the existence check, so two processes (the relay and
  // the CLI) cannot both create the same name; the schema has no unique index on org names.
  const insertOrgOnce = db.transaction((name: string): Org => {
    if (selectOrgByName.get(name)) throw new AccountError('org_exists', `An organization named "${name}" already exists.`)
    const org = { id: newAccountId(), name }
    insertOrg.run(org.id, org.name, clock())
    return org
  })

  return {
    async userById(id) {
      const row = selectUser.get(id)
      return row ? toUser(row) : null
    },
    usersInOrg: async (orgId) => selectUsersInOrg.all(orgId).map(toUser),
    orgById: async (id) => orgById(id),
    orgByName: async (name) => orgByName(name),
    listOrgs: async () => selectOrgs.all(),
    createOrg: async (name) => insertOrgOnce.immediate(cleanName(name, 'org')),
    async userByEmail(email) {
      const row = selectUserByEmail.get(normalizeEmail(email))
      return row ? toUser(row) : null
    },

    async createUser(input: NewUser, createOptions = {}) {
      if (!orgById(input.orgId)) throw new AccountError('unknown_org', `No organization has the id "${input.orgId}".`)
      const email = normalizeEmail(input.email)
      if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) {
        throw new AccountError('invalid_email', `"${input.email}" is not an email address.`)
      }
      const name = cleanName(input.name, 'user')
      if (!createOptions.allowShortPassword && input.password.length < MIN_PASSWORD_LENGTH) {
        throw new AccountError('weak_password', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
      }
      // Checked before hashing so that a taken email fails fast; the unique index below still
      // decides when two creations race.
      if (selectUserByEmail.get(email)) throw new AccountError('email_taken', `${email} already has an account.`)
      const hash = await hashPassword(input.password, scryptCost)
      const user: User = { id: newAccountId(), orgId: input.orgId, email, name }
      try {
        insertUser.run(user.id, user.orgId, user.email, user.name, hash, clock())
      } catch (err) {
        if (isUniqueViolation(err)) throw new AccountError('email_taken', `${email} already has an account.`)
        throw err
      }
      return user
    },

    async verifyLogin(email, password) {
      const row = selectUserByEmail.get(normalizeEmail(email))
      // The same scrypt work whether or not the account exists: see dummyHash.
      const matches = await verifyPassword(password, row?.password_hash ?? (await dummyHash(scryptCost)))
      return row && matches && row.deactivated_at === null ? toUser(row) : null
    },

    setDeactivated: async (userId, deactivated) => setDeactivated.immediate(userId, deactivated),
    deleteUser: async (userId) => deleteUser.immediate(userId),
    renameOrg: async (orgId, name) => renameOrgOnce.immediate(orgId, cleanName(name, 'org')),

    async resetPassword(userId, password) {
      const row = selectUser.get(userId)
      if (!row) throw new AccountError('unknown_user', `No person has the id "${userId}".`)
      if (row.deleted_at !== null) throw new AccountError('user_deleted', 'A deleted person has no password to reset.')
      if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError('weak_password', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
      setPassword.immediate(userId, await hashPassword(password, scryptCost))
    },
  }
}
