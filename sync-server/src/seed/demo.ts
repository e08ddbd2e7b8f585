// The demo organizations and people that `npm start` creates (PARLEY_DEMO=1), so that the app
// can be tried with two browsers at once. Idempotent: it adds only what is missing.

import { AccountError, type AccountErrorReason } from '../accounts/account-error.ts'
import type { Accounts } from '../accounts/accounts.ts'

/** Every demo account's password. Short on purpose, so people can type it; only the seed may. */
export const DEMO_PASSWORD = 'parley'

export interface DemoUser {
  org: string
  email: string
  name: string
}

export const DEMO_ORGS = ['Acme Recruiting', 'Globex'] as const

export const DEMO_USERS: readonly DemoUser[] = [
  { org: 'Acme Recruiting', email: 'alice@acme.test', name: 'Alice Adams' },
  { org: 'Acme Recruiting', email: 'bob@acme.test', name: 'Bob Brown' },
  { org: 'Acme Recruiting', email: 'carol@acme.test', name: 'Carol Clark' },
  { org: 'Acme Recruiting', email: 'dave@acme.test', name: 'Dave Davis' },
  { org: 'Acme Recruiting', email: 'erin@acme.test', name: 'Erin Evans' },
  { org: 'Globex', email: 'gina@globex.test', name: 'Gina Green' },
  { org: 'Globex', email: 'hank@globex.test', name: 'Hank Hill' },
]

/** Creates the demo organizations and users that do not exist yet; returns how many it made. */
export async function seedDemo(accounts: Accounts): Promise<{ orgs: number; users: number }> {
  const created = { orgs: 0, users: 0 }
  for (const name of DEMO_ORGS) {
    if (await accounts.orgByName(name)) continue
    if (await madeUnlessRaced(() => accounts.createOrg(name), 'org_exists')) created.orgs++
  }
  for (const demo of DEMO_USERS) {
    if (await accounts.userByEmail(demo.email)) continue
    const org = await accounts.orgByName(demo.org)
    if (!org) throw new Error(`demo organization ${demo.org} is missing right after it was created`)
    const input = { orgId: org.id, email: demo.email, name: demo.name, password: DEMO_PASSWORD }
    if (await madeUnlessRaced(() => accounts.createUser(input, { allowShortPassword: true }), 'email_taken')) created.users++
  }
  return created
}

/** Another relay process seeding the same database at once may create it first: that is no failure. */
async function madeUnlessRaced(create: () => Promise<unknown>, raced: AccountErrorReason): Promise<boolean> {
  try {
    await create()
    return true
  } catch (err) {
    if (err instanceof AccountError && err.reason === raced) return false
    throw err
  }
}
