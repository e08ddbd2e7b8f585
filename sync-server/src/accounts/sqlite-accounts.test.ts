import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../storage/database.ts'
import { AccountError, type AccountErrorReason } from './account-error.ts'
import type { Accounts } from './accounts.ts'
import { createSqliteAccounts } from './sqlite-accounts.ts'

let dir: string
let db: Db
let accounts: Accounts

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-accounts-'))
  db = openDatabase(dir)
  accounts = createSqliteAccounts(db, { scryptCost: 1024 })
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const reasonOf = async (work: () => unknown): Promise<AccountErrorReason | 'no error'> => {
  try {
    await work()
    return 'no error'
  } catch (err) {
    if (err instanceof AccountError) return err.reason
    throw err
  }
}

const ID = /^[A-Za-z0-9_-]{1,64}$/

describe('organizations', () => {
  it('creates, finds by id and by name (any case), and lists by name', async () => {
    const globex = await accounts.createOrg('Globex')
    const acme = await accounts.createOrg('  Acme Recruiting ')
    expect(acme.name).toBe('Acme Recruiting')
    expect(acme.id).toMatch(ID)
    expect(await accounts.orgById(acme.id)).toEqual(acme)
    expect(await accounts.orgByName('acme recruiting')).toEqual(acme)
    expect(await accounts.orgByName('Nope')).toBeNull()
    expect(await accounts.listOrgs()).toEqual([acme, globex])
  })

  it('refuses a duplicate name (ignoring case) and an empty one', async () => {
    await accounts.createOrg('Acme')
    expect(await reasonOf(() => accounts.createOrg('ACME'))).toBe('org_exists')
    expect(await reasonOf(() => accounts.createOrg('   '))).toBe('invalid_org_name')
    expect(await reasonOf(() => accounts.createOrg('x'.repeat(101)))).toBe('invalid_org_name')
  })
})

describe('users', () => {
  it('creates a user with a URL-safe id and a lower-cased email, and finds it', async () => {
    const org = await accounts.createOrg('Acme')
    const user = await accounts.createUser({ orgId: org.id, email: ' Alice@Acme.TEST ', name: ' Alice Adams ', password: 'password1' })
    expect(user).toEqual({ id: expect.stringMatching(ID), orgId: org.id, email: 'alice@acme.test', name: 'Alice Adams' })
    expect(await accounts.userById(user.id)).toEqual(user)
    expect(await accounts.userByEmail('ALICE@acme.test')).toEqual(user)
    expect(await accounts.userById('nobody')).toBeNull()
  })

  it('validates each field with a named reason', async () => {
    const org = await accounts.createOrg('Acme')
    const base = { orgId: org.id, email: 'a@acme.test', name: 'A', password: 'password1' }
    expect(await reasonOf(() => accounts.createUser({ ...base, orgId: 'missing' }))).toBe('unknown_org')
    for (const email of ['', 'a', 'a@b', '@acme.test', 'a b@acme.test', 'a@@acme.test', 'a@acme.', `${'a'.repeat(250)}@acme.test`]) {
      expect(await reasonOf(() => accounts.createUser({ ...base, email }))).toBe('invalid_email')
    }
    expect(await reasonOf(() => accounts.createUser({ ...base, name: '  ' }))).toBe('invalid_name')
    expect(await reasonOf(() => accounts.createUser({ ...base, password: '1234567' }))).toBe('weak_password')
    expect(await reasonOf(() => accounts.createUser(base))).toBe('no error')
    expect(await reasonOf(() => accounts.createUser({ ...base, email: 'A@ACME.test' }))).toBe('email_taken')
  })

  it('allows a short password only when asked to (the demo seed)', async () => {
    const org = await accounts.createOrg('Acme')
    const user = await accounts.createUser({ orgId: org.id, email: 'demo@acme.test', name: 'Demo', password: 'parley' }, { allowShortPassword: true })
    expect(await accounts.verifyLogin('demo@acme.test', 'parley')).toEqual(user)
  })

  it('lists an organization by name, and only that organization', async () => {
    const acme = await accounts.createOrg('Acme')
    const globex = await accounts.createOrg('Globex')
    const add = (orgId: string, email: string, name: string) => accounts.createUser({ orgId, email, name, password: 'password1' })
    await add(acme.id, 'c@acme.test', 'carol')
    await add(acme.id, 'a@acme.test', 'Alice')
    await add(globex.id, 'g@globex.test', 'Gina')
    await add(acme.id, 'b@acme.test', 'Bob')
    expect((await accounts.usersInOrg(acme.id)).map((u) => u.name)).toEqual(['Alice', 'Bob', 'carol'])
    expect((await accounts.usersInOrg(globex.id)).map((u) => u.name)).toEqual(['Gina'])
    expect(await accounts.usersInOrg('nope')).toEqual([])
  })
})

describe('verifyLogin', () => {
  it('returns the user for the right password and null otherwise, with the stored hash never exposed', async () => {
    const org = await accounts.createOrg('Acme')
    const user = await accounts.createUser({ orgId: org.id, email: 'alice@acme.test', name: 'Alice', password: 'password1' })
    expect(await accounts.verifyLogin('Alice@Acme.test', 'password1')).toEqual(user)
    expect(await accounts.verifyLogin('alice@acme.test', 'password2')).toBeNull()
    expect(await accounts.verifyLogin('nobody@acme.test', 'password1')).toBeNull()
    expect(Object.keys((await accounts.verifyLogin('alice@acme.test', 'password1')) ?? {})).toEqual(['id', 'orgId', 'email', 'name'])
  })

  it('stores a scrypt hash, not the password', async () => {
    const org = await accounts.createOrg('Acme')
    await accounts.createUser({ orgId: org.id, email: 'alice@acme.test', name: 'Alice', password: 'password1' })
    const row = db.prepare('SELECT password_hash FROM users').get() as { password_hash: string }
    expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(row.password_hash).not.toContain('password1')
  })
})

describe('removing people', () => {
  it('deletes a person for sign-in only: row and name stay, email and password go, sessions end', async () => {
    const org = await accounts.createOrg('Acme')
    const dave = await accounts.createUser({ orgId: org.id, email: 'dave@acme.test', name: 'Dave', password: 'password1' })
    db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, 0, ?)').run('h', dave.id, Date.now() + 60_000)
    expect(await accounts.deleteUser(dave.id)).toBe(true)
    const kept = (await accounts.userById(dave.id))!
    expect(kept).toMatchObject({ name: 'Dave', email: `${dave.id.toLowerCase()}@former.invalid`, deletedAt: expect.any(Number), deactivatedAt: expect.any(Number) })
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 })
    expect(await accounts.verifyLogin('dave@acme.test', 'password1')).toBeNull()
    expect(await reasonOf(() => accounts.setDeactivated(dave.id, false))).toBe('user_deleted')
    expect(await reasonOf(() => accounts.resetPassword(dave.id, 'password2'))).toBe('user_deleted')
    expect(await accounts.deleteUser('no-such-id')).toBe(false)
  })

  it('resets a password, ending sessions; refuses a short one', async () => {
    const org = await accounts.createOrg('Acme')
    const bob = await accounts.createUser({ orgId: org.id, email: 'bob@acme.test', name: 'Bob', password: 'password1' })
    db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, 0, ?)').run('h', bob.id, Date.now() + 60_000)
    expect(await reasonOf(() => accounts.resetPassword(bob.id, 'short'))).toBe('weak_password')
    await accounts.resetPassword(bob.id, 'password2')
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 })
    expect(await accounts.verifyLogin('bob@acme.test', 'password2')).toMatchObject({ id: bob.id })
    expect(await reasonOf(() => accounts.resetPassword('no-such-id', 'password3'))).toBe('unknown_user')
  })

  it('renames an organization unless another has the name', async () => {
    const acme = await accounts.createOrg('Acme')
    await accounts.createOrg('Globex')
    expect(await accounts.renameOrg(acme.id, ' Acme Recruiting ')).toEqual({ id: acme.id, name: 'Acme Recruiting' })
    expect((await accounts.renameOrg(acme.id, 'acme recruiting')).name).toBe('acme recruiting')
    expect(await reasonOf(() => accounts.renameOrg(acme.id, 'GLOBEX'))).toBe('org_exists')
  })
})
