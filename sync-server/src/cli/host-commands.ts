// The admin CLI's `host …` commands: the provisioning API (http/routes/admin.ts) for hosts that
// prefer a script, on the relay's data folder. People are named by the host's own ids, under
// PARLEY_HOST_JWT_ISSUER. Parsing lives here too, so run-cli.ts only hands `host …` over.

import { parseArgs } from 'node:util'
import { AccountError } from '../accounts/account-error.ts'
import type { Accounts } from '../accounts/accounts.ts'
import type { HostPeople, HostPerson } from '../host/host-people.ts'
import type { Print } from './commands.ts'
import { UsageError } from './usage.ts'

export type HostCommand = (accounts: Accounts, print: Print, context: { hostPeople: HostPeople; issuer: string }) => Promise<void>

const parse = (args: string[], names: string[]) => {
  try {
    return parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), allowPositionals: true, strict: true })
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message)
    throw err
  }
}

const ids = (positionals: string[], count: number, example: string): string[] => {
  if (positionals.length !== count || positionals.some((p) => !/^[^\s/]{1,200}$/u.test(p))) throw new UsageError(`Expected ${example}.`)
  return positionals
}

const nameOf = (values: { name?: string | undefined }): string => {
  const name = values.name?.trim()
  if (!name || name.length > 100) throw new UsageError('--name needs 1 to 100 characters.')
  return name
}

const row = (p: HostPerson) => [p.sub, p.name, p.email, p.deactivatedAt === undefined ? 'active' : 'left', p.id]

/** The command for `host <action> …`, checked before anything touches the database. */
export function hostCommandFor(command: string, rest: string[]): HostCommand {
  switch (command) {
    case 'host org': {
      const { values, positionals } = parse(rest, ['name'])
      const [verb, org] = ids(positionals, 2, 'host org put <org> --name <n>')
      if (verb !== 'put') throw new UsageError(`Unknown command "host org ${verb}".`)
      const name = nameOf(values)
      return async (accounts, print, { hostPeople, issuer }) => {
        const made = await hostPeople.putOrg(issuer, org!, name)
        print(`Organization ${org} is "${made.name}" (id ${made.id}).`)
      }
    }
    case 'host user': {
      const { values, positionals } = parse(rest, ['name', 'email'])
      const verb = positionals[0]
      if (verb === 'put') {
        const [, org, sub] = ids(positionals, 3, 'host user put <org> <sub> --name <n> [--email <e>]')
        const changes = { name: nameOf(values), email: values.email }
        return async (accounts, print, { hostPeople, issuer }) => {
          const person = await hostPeople.putPerson(issuer, org!, sub!, changes)
          print(`${person.sub} of ${org} is ${person.name}${person.email ? ` <${person.email}>` : ''} (id ${person.id}).`)
        }
      }
      if (verb === 'list') {
        const [, org] = ids(positionals, 2, 'host user list <org>')
        return async (accounts, print, { hostPeople, issuer }) => {
          const people = await hostPeople.listPeople(issuer, org!)
          if (!people) throw new AccountError('unknown_org', `No host organization "${org}".`)
          if (people.length === 0) return print(`Nobody in ${org} yet.`)
          const rows = [['SUB', 'NAME', 'EMAIL', 'STATUS', 'ID'], ...people.map(row)]
          const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
          for (const r of rows) print(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd())
        }
      }
      if (verb === 'remove') {
        const [, org, sub] = ids(positionals, 3, 'host user remove <org> <sub>')
        return async (accounts, print, { hostPeople, issuer }) => {
          const person = await hostPeople.personOf(issuer, org!, sub!)
          if (!person) throw new AccountError('unknown_user', `No person "${sub}" in host organization "${org}".`)
          if (person.deactivatedAt === undefined) await accounts.setDeactivated(person.id, true)
          print(`${sub} of ${org} (${person.name}) is deactivated; their chats stay.`)
        }
      }
      throw new UsageError(`Unknown command "host user ${verb ?? ''}".`)
    }
    default:
      throw new UsageError(`Unknown command "${command}".`)
  }
}
