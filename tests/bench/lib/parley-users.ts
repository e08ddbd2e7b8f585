// Registers a bench population in a Parley data folder before the relay starts, with the relay's
// own modules: the database (and its migrations), organizations through the accounts module, and
// session tokens through the sessions module. Users are inserted directly with one shared
// password hash: scrypt per user would take minutes for 5,000 people and measures nothing here.

import { createSqliteAccounts } from '../../../sync-server/src/accounts/sqlite-accounts.ts'
import { createSessions } from '../../../sync-server/src/accounts/sessions.ts'
import { hashPassword } from '../../../sync-server/src/accounts/password.ts'
import { openDatabase } from '../../../sync-server/src/storage/database.ts'
import type { Population } from './population.ts'

/** Nobody logs in with it: the bench hands the relay's own session tokens to its clients. */
const BENCH_PASSWORD = 'bench-password-not-used'

export async function registerParleyUsers(dataDir: string, population: Population): Promise<void> {
  const db = openDatabase(dataDir)
  try {
    const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
    const sessions = createSessions(db, { ttlHours: 24 })
    const hash = await hashPassword(BENCH_PASSWORD, 1024)
    const insertUser = db.prepare('INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    const orgIds = new Map<string, string>()
    for (const org of population.orgs) orgIds.set(org.id, (await accounts.createOrg(org.name)).id)
    db.transaction(() => {
      const now = Date.now()
      for (const user of population.users) {
        user.orgId = orgIds.get(user.orgId)!
        insertUser.run(user.id, user.orgId, user.email, user.name, hash, now)
      }
    })()
    for (const user of population.users) user.token = (await sessions.create(user.id)).token
    for (const org of population.orgs) org.id = orgIds.get(org.id)!
  } finally {
    db.close()
  }
}
