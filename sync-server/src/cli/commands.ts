// What each admin command does, on an Accounts (and Sessions) it is given. Parsing the command
// line and opening the database are run-cli.ts's job. The operations themselves live in
// accounts/, so that an admin HTTP API can call the same ones.

import { randomBytes } from 'node:crypto'
import type { Accounts, Org, User } from '../accounts/accounts.ts'
import { AccountError } from '../accounts/account-error.ts'
import type { Sessions } from '../accounts/sessions.ts'

export type Print = (line: string) => void

export async function orgAdd(accounts: Accounts, name: string, print: Print): Promise<void> {
  const org = await accounts.createOrg(name)
  print(`Created organization "${org.name}" (id ${org.id}).`)
}

export async function orgList(accounts: Accounts, print: Print): Promise<void> {
  const orgs = await accounts.listOrgs()
  if (orgs.length === 0) return print('No organizations yet. Add one with: npm run parley -- org add <name>')
  const counts = await Promise.all(orgs.map(async (o) => (await accounts.usersInOrg(o.id)).length))
  table(['ORGANIZATION', 'ID', 'PEOPLE'], orgs.map((o, i) => [o.name, o.id, String(counts[i])]), print)
}

export interface UserAddInput {
  org: string
  email: string
  name: string
  password?: string | undefined
}

export async function userAdd(accounts: Accounts, input: UserAddInput, print: Print): Promise<void> {
  const org = await findOrg(accounts, input.org)
  // No prompt: the CLI must work in scripts and CI. A generated password is shown exactly once.
  const generated = input.password === undefined ? newPassword() : undefined
  const user = await accounts.createUser({ orgId: org.id, email: input.email, name: input.name, password: input.password ?? generated ?? '' })
  print(`Created ${user.name} <${user.email}> in "${org.name}" (id ${user.id}).`)
  if (generated) print(`Password: ${generated}\n(Shown once. Pass --password to choose one.)`)
}

export async function userList(accounts: Accounts, orgName: string | undefined, print: Print): Promise<void> {
  const orgs = orgName === undefined ? await accounts.listOrgs() : [await findOrg(accounts, orgName)]
  const people = await Promise.all(orgs.map((org) => accounts.usersInOrg(org.id)))
  const rows = orgs.flatMap((org, i) => people[i]!.map((u: User) => [org.name, u.name, u.email, u.id, statusOf(u)]))
  if (rows.length === 0) return print(orgName === undefined ? 'No people yet.' : `Nobody in "${orgName}" yet.`)
  table(['ORGANIZATION', 'NAME', 'EMAIL', 'ID', 'STATUS'], rows, print)
}

const statusOf = (user: User) => (user.deletedAt ? 'deleted' : user.deactivatedAt ? 'disabled' : 'active')

export async function orgRename(accounts: Accounts, from: string, to: string, print: Print): Promise<void> {
  const org = await accounts.renameOrg((await findOrg(accounts, from)).id, to)
  print(`Renamed organization "${from}" to "${org.name}".`)
}

export async function userDisable(accounts: Accounts, email: string, print: Print): Promise<void> {
  const user = await findUser(accounts, email)
  await accounts.setDeactivated(user.id, true)
  print(`Disabled ${user.name} <${user.email}>: their sessions are ended and their open sockets close within seconds; their chats stay.`)
}

export async function userEnable(accounts: Accounts, email: string, print: Print): Promise<void> {
  const user = await findUser(accounts, email)
  await accounts.setDeactivated(user.id, false)
  print(`Enabled ${user.name} <${user.email}>: they can sign in again with their password.`)
}

export async function userDelete(accounts: Accounts, email: string, print: Print): Promise<void> {
  const user = await findUser(accounts, email)
  await accounts.deleteUser(user.id)
  print(`Deleted ${user.name} <${user.email}> (id ${user.id}): they cannot sign in, their email is free again, and their messages stay in their colleagues' chats as a former colleague's.`)
}

export async function userResetPassword(accounts: Accounts, email: string, password: string | undefined, print: Print): Promise<void> {
  const user = await findUser(accounts, email)
  const generated = password === undefined ? newPassword() : undefined
  await accounts.resetPassword(user.id, password ?? generated ?? '')
  print(`New password set for ${user.name} <${user.email}>; their sessions are ended.`)
  if (generated) print(`Password: ${generated}\n(Shown once. Pass --password to choose one.)`)
}

export async function sessionRevoke(accounts: Accounts, sessions: Sessions, email: string, print: Print): Promise<void> {
  const user = await findUser(accounts, email)
  const ended = await sessions.revokeAllFor(user.id)
  print(`Ended ${ended} session${ended === 1 ? '' : 's'} of ${user.name} <${user.email}>; their open sockets close within seconds. They can sign in again.`)
}

const newPassword = () => randomBytes(12).toString('base64url')

const findUser = async (accounts: Accounts, email: string): Promise<User> => {
  const user = await accounts.userByEmail(email)
  if (!user) throw new AccountError('unknown_user', `Nobody has the email "${email}". See: npm run parley -- user list`)
  return user
}

const findOrg = async (accounts: Accounts, name: string): Promise<Org> => {
  const org = await accounts.orgByName(name)
  if (!org) throw new AccountError('unknown_org', `No organization named "${name}". See: npm run parley -- org list`)
  return org
}

const table = (head: string[], rows: string[][], print: Print) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  for (const row of [head, ...rows]) print(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd())
}
