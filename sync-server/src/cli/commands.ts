// What each admin command does, on an Accounts it is given. Parsing the command line and
// opening the database are run-cli.ts's job.

import { randomBytes } from 'node:crypto'
import type { Accounts, Org, User } from '../accounts/accounts.ts'
import { AccountError } from '../accounts/account-error.ts'

export type Print = (line: string) => void

export function orgAdd(accounts: Accounts, name: string, print: Print): void {
  const org = accounts.createOrg(name)
  print(`Created organization "${org.name}" (id ${org.id}).`)
}

export function orgList(accounts: Accounts, print: Print): void {
  const orgs = accounts.listOrgs()
  if (orgs.length === 0) return print('No organizations yet. Add one with: npm run parley -- org add <name>')
  table(['ORGANIZATION', 'ID', 'PEOPLE'], orgs.map((o) => [o.name, o.id, String(accounts.usersInOrg(o.id).length)]), print)
}

export interface UserAddInput {
  org: string
  email: string
  name: string
  password?: string | undefined
}

export async function userAdd(accounts: Accounts, input: UserAddInput, print: Print): Promise<void> {
  const org = findOrg(accounts, input.org)
  // No prompt: the CLI must work in scripts and CI. A generated password is shown exactly once.
  const generated = input.password === undefined ? randomBytes(12).toString('base64url') : undefined
  const user = await accounts.createUser({ orgId: org.id, email: input.email, name: input.name, password: input.password ?? generated ?? '' })
  print(`Created ${user.name} <${user.email}> in "${org.name}" (id ${user.id}).`)
  if (generated) print(`Password: ${generated}\n(Shown once. Pass --password to choose one.)`)
}

export function userList(accounts: Accounts, orgName: string | undefined, print: Print): void {
  const orgs = orgName === undefined ? accounts.listOrgs() : [findOrg(accounts, orgName)]
  const rows = orgs.flatMap((org) => accounts.usersInOrg(org.id).map((u: User) => [org.name, u.name, u.email, u.id]))
  if (rows.length === 0) return print(orgName === undefined ? 'No people yet.' : `Nobody in "${orgName}" yet.`)
  table(['ORGANIZATION', 'NAME', 'EMAIL', 'ID'], rows, print)
}

const findOrg = (accounts: Accounts, name: string): Org => {
  const org = accounts.orgByName(name)
  if (!org) throw new AccountError('unknown_org', `No organization named "${name}". See: npm run parley -- org list`)
  return org
}

const table = (head: string[], rows: string[][], print: Print) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  for (const row of [head, ...rows]) print(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd())
}
