import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteAccounts } from './accounts/sqlite-accounts.ts'
import { openDatabase } from './storage/database.ts'
import { runCliForTest } from './cli/cli-for-tests.ts'
import { VERSION } from './version.ts'

const LAUNCHER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../scripts/cli.mjs')

let dataDir: string
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-'))
})
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const env = () => ({ ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_SCRYPT_COST: '1024' })
const cli = (...args: string[]) => runCliForTest(args, env())

describe('the parley command as a process', () => {
  it('runs through its launcher and exits with the command’s code', async () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [LAUNCHER, ...args], { encoding: 'utf8', env: { ...env(), PARLEY_LOG_LEVEL: 'silent' } })
    const help = run('help')
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('user add --org <name>')
    const wrong = run('frobnicate')
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toContain('Unknown command "frobnicate"')
  })
})

describe('parley CLI', () => {
  it('adds an organization and people, then lists them', async () => {
    expect((await cli('org', 'add', 'Acme Recruiting'))).toMatchObject({ code: 0, out: expect.stringContaining('Created organization "Acme Recruiting"') })
    expect((await cli('org', 'add', 'Globex')).code).toBe(0)
    const added = (await cli('user', 'add', '--org', 'acme recruiting', '--email', 'Alice@Acme.test', '--name', 'Alice Adams', '--password', 'long enough'))
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining('Created Alice Adams <alice@acme.test> in "Acme Recruiting"') })
    expect(added.out).not.toContain('Password:')
    expect((await cli('user', 'add', '--org', 'Globex', '--email', 'gina@globex.test', '--name', 'Gina Green', '--password', 'long enough')).code).toBe(0)

    const all = (await cli('user', 'list'))
    expect(all.code).toBe(0)
    const lines = all.out.trim().split('\n')
    expect(lines[0]).toMatch(/^ORGANIZATION\s+NAME\s+EMAIL\s+ID\s+STATUS$/)
    expect(lines[1]).toMatch(/^Acme Recruiting\s+Alice Adams\s+alice@acme\.test\s+[A-Za-z0-9_-]{22}\s+active$/)
    expect(lines[2]).toMatch(/^Globex\s+Gina Green\s+gina@globex\.test\s+[A-Za-z0-9_-]{22}\s+active$/)

    const globex = (await cli('user', 'list', '--org', 'Globex'))
    expect(globex.out).toContain('gina@globex.test')
    expect(globex.out).not.toContain('alice@acme.test')
  })

  it('generates a password when none is given, prints it once, and it works', async () => {
    (await cli('org', 'add', 'Acme'))
    const added = (await cli('user', 'add', '--org', 'Acme', '--email', 'bob@acme.test', '--name', 'Bob'))
    expect(added.code).toBe(0)
    const password = /^Password: (\S+)$/m.exec(added.out)?.[1] ?? ''
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const db = openDatabase(dataDir)
    try {
      expect((await createSqliteAccounts(db, { scryptCost: 1024 }).verifyLogin('bob@acme.test', password))?.name).toBe('Bob')
    } finally {
      db.close()
    }
  })

  it('exits 1 with a clear message when the work fails', async () => {
    (await cli('org', 'add', 'Acme'))
    expect((await cli('org', 'add', 'acme'))).toMatchObject({ code: 1, err: expect.stringContaining('already exists') })
    expect((await cli('user', 'add', '--org', 'Nope', '--email', 'a@b.co', '--name', 'A', '--password', 'long enough'))).toMatchObject({ code: 1, err: expect.stringContaining('No organization named "Nope"') })
    expect((await cli('user', 'add', '--org', 'Acme', '--email', 'not-an-email', '--name', 'A', '--password', 'long enough'))).toMatchObject({ code: 1, err: expect.stringContaining('not an email') })
    expect((await cli('user', 'add', '--org', 'Acme', '--email', 'a@b.co', '--name', 'A', '--password', 'short'))).toMatchObject({ code: 1, err: expect.stringContaining('at least 8') })
  })

  it('exits 2 with the usage for a wrong command line, before touching the data folder', async () => {
    for (const args of [[], ['frobnicate'], ['org'], ['org', 'add'], ['org', 'rename', 'New'], ['user', 'disable'], ['user', 'delete', 'x@y.z'], ['session', 'revoke'], ['user', 'add', '--org', 'Acme'], ['user', 'list', '--bogus'], ['user', 'add', '--email']]) {
      const result = await cli(...args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.out + result.err).toContain('Usage: npm run parley')
    }
    expect(fs.readdirSync(dataDir)).toEqual([])
  })

  it('renames an organization, refusing a name that is taken', async () => {
    await cli('org', 'add', 'Acme')
    await cli('org', 'add', 'Globex')
    expect(await cli('org', 'rename', '--org', 'acme', 'Acme', 'Recruiting')).toMatchObject({ code: 0, out: expect.stringContaining('Renamed organization "acme" to "Acme Recruiting"') })
    expect(await cli('org', 'rename', '--org', 'Globex', 'acme recruiting')).toMatchObject({ code: 1, err: expect.stringContaining('already exists') })
    expect((await cli('org', 'list')).out).toMatch(/^Acme Recruiting\s/m)
  })

  it('resets a password to a generated one, printed once', async () => {
    await cli('org', 'add', 'Acme')
    await cli('user', 'add', '--org', 'Acme', '--email', 'bob@acme.test', '--name', 'Bob', '--password', 'the old one')
    const reset = await cli('user', 'reset-password', '--email', 'bob@acme.test')
    const password = /^Password: (\S+)$/m.exec(reset.out)?.[1] ?? ''
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const db = openDatabase(dataDir)
    try {
      const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
      expect(await accounts.verifyLogin('bob@acme.test', 'the old one')).toBeNull()
      expect((await accounts.verifyLogin('bob@acme.test', password))?.name).toBe('Bob')
    } finally {
      db.close()
    }
    expect(await cli('user', 'disable', '--email', 'nobody@acme.test')).toMatchObject({ code: 1, err: expect.stringContaining('Nobody has the email') })
  })

  it('prints its version', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: `parley ${VERSION}\n` })
    expect(await cli('version')).toMatchObject({ code: 0, out: `parley ${VERSION}\n` })
  })

  it('prints help with exit 0', async () => {
    expect((await cli('help'))).toMatchObject({ code: 0, out: expect.stringContaining('user add --org <name>') })
  })
})

describe('parley host commands', () => {
  const hostEnv = () => ({ ...env(), PARLEY_HOST_JWT_ISSUER: 'https://crm.example.com' })
  const host = (...args: string[]) => runCliForTest(['host', ...args], hostEnv())

  it('provisions host organizations and people by the host\'s ids, and deactivates them', async () => {
    expect(await host('org', 'put', 'tenant-1', '--name', 'Tenant One')).toMatchObject({ code: 0, out: expect.stringContaining('Organization tenant-1 is "Tenant One"') })
    expect((await host('user', 'put', 'tenant-1', 'u-1', '--name', 'Ada Lovelace', '--email', 'ada@crm.example.com')).code).toBe(0)
    expect((await host('user', 'put', 'tenant-1', 'u-2', '--name', 'Bo')).code).toBe(0)
    expect((await host('user', 'remove', 'tenant-1', 'u-2')).out).toContain('u-2 of tenant-1 (Bo) is deactivated')
    const list = await host('user', 'list', 'tenant-1')
    expect(list.out.split('\n')[0]).toMatch(/^SUB\s+NAME\s+EMAIL\s+STATUS\s+ID$/)
    expect(list.out).toMatch(/u-1\s+Ada Lovelace\s+ada@crm\.example\.com\s+active/)
    expect(list.out).toMatch(/u-2\s+Bo\s+left/)

    const db = openDatabase(dataDir)
    const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
    const [tenant] = await accounts.listOrgs()
    expect((await accounts.usersInOrg(tenant!.id)).map((u) => [u.name, u.deactivatedAt === undefined])).toEqual([['Ada Lovelace', true], ['Bo', false]])
    db.close()
  })

  it('refuses without an issuer, an unknown person and a bad command line', async () => {
    expect(await runCliForTest(['host', 'user', 'list', 'tenant-1'], env())).toMatchObject({ code: 1, err: expect.stringContaining('PARLEY_HOST_JWT_ISSUER') })
    expect(await host('user', 'remove', 'tenant-1', 'nobody')).toMatchObject({ code: 1, err: expect.stringContaining('No person "nobody"') })
    expect((await host('user', 'put', 'tenant-1', 'u-1')).code).toBe(2)
    expect((await host('user', 'fly', 'tenant-1')).code).toBe(2)
  })
})
