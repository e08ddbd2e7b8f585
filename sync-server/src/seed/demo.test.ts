import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Accounts } from '../accounts/accounts.ts'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo.ts'

let dir: string
let db: Db
let accounts: Accounts
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-seed-'))
  db = openDatabase(dir)
  accounts = createSqliteAccounts(db, { scryptCost: 1024 })
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('seedDemo', () => {
  it('creates Acme Recruiting (5 people) and Globex (2), each able to log in with "parley"', async () => {
    expect(await seedDemo(accounts)).toEqual({ orgs: 2, users: 7 })
    const acme = await accounts.orgByName('Acme Recruiting')
    const globex = await accounts.orgByName('Globex')
    expect((await accounts.usersInOrg(acme?.id ?? '')).map((u) => u.name)).toEqual(['Alice Adams', 'Bob Brown', 'Carol Clark', 'Dave Davis', 'Erin Evans'])
    expect((await accounts.usersInOrg(globex?.id ?? '')).map((u) => u.email)).toEqual(['gina@globex.test', 'hank@globex.test'])
    for (const demo of DEMO_USERS) {
      const user = await accounts.verifyLogin(demo.email, DEMO_PASSWORD)
      expect(user?.name, demo.email).toBe(demo.name)
      expect((await accounts.orgById(user?.orgId ?? ''))?.name).toBe(demo.org)
    }
  })

  it('is idempotent and fills in only what is missing', async () => {
    const acme = await accounts.createOrg('Acme Recruiting')
    const alice = await accounts.createUser({ orgId: acme.id, email: 'alice@acme.test', name: 'Alice (renamed)', password: 'her own password' })
    expect(await seedDemo(accounts)).toEqual({ orgs: 1, users: 6 })
    expect(await seedDemo(accounts)).toEqual({ orgs: 0, users: 0 })
    expect((await accounts.listOrgs()).map((o) => o.name)).toEqual(['Acme Recruiting', 'Globex'])
    expect(await accounts.userByEmail('alice@acme.test')).toEqual(alice)
    expect(await accounts.verifyLogin('alice@acme.test', 'her own password')).toEqual(alice)
  })
})
