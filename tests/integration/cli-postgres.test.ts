// The admin CLI with PARLEY_DATABASE_URL set acts on PostgreSQL, as the relays do: people,
// organizations, sessions, host people and records imports land there and nothing is written to
// the data folder. backup and restore, which copy the SQLite file, refuse and name pg_dump and
// pg_restore instead; an unreachable server is a clear error without the URL's password.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliForTest } from '../../sync-server/src/cli/cli-for-tests.ts'
import { createLogger } from '../../sync-server/src/log.ts'
import { DEFAULT_URL_TEMPLATES } from '../../sync-server/src/records/url-template.ts'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { openPostgresBackend } from '../../sync-server/src/storage/postgres/backend.ts'
import { tempDir } from '../support/relay.ts'
import { freePort, startPostgres, type Service } from '../support/services.ts'

let postgres: Service
let backend: Backend
let dataDir: string
let filesDir: string

beforeAll(async () => {
  postgres = await startPostgres()
  dataDir = tempDir('parley-cli-pg-data-')
  filesDir = tempDir('parley-cli-pg-files-')
}, 60_000)
afterAll(async () => {
  await backend?.close()
  await postgres?.remove()
  for (const dir of [dataDir, filesDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[], url = postgres.url) =>
  runCliForTest(args, { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_DATABASE_URL: url, PARLEY_SCRYPT_COST: '1024', PARLEY_HOST_JWT_ISSUER: 'crm.example.com', INIT_CWD: filesDir })
const ok = async (...args: string[]) => {
  const result = await cli(args)
  expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(0)
  return result.out
}
/** What the relays would see: a PostgreSQL backend of its own on the same database. */
const database = async () => (backend ??= await openPostgresBackend(postgres.url, { scryptCost: 1024, sessionTtlHours: 1, log: createLogger('silent') }))

describe('parley CLI on PostgreSQL', { timeout: 60_000 }, () => {
  it('manages organizations and people in PostgreSQL, leaving the data folder empty', async () => {
    // The first command creates Parley's tables: not news, so nothing on stderr.
    expect(await cli(['org', 'add', 'Acme Recruiting'])).toMatchObject({ code: 0, out: expect.stringContaining('Created organization "Acme Recruiting"'), err: '' })
    await ok('user', 'add', '--org', 'acme recruiting', '--email', 'alice@acme.test', '--name', 'Alice Adams', '--password', 'long enough')
    await ok('user', 'add', '--org', 'Acme Recruiting', '--email', 'bob@acme.test', '--name', 'Bob Brown', '--password', 'long enough')
    await ok('org', 'rename', '--org', 'Acme Recruiting', 'Acme Talent')
    expect(await ok('user', 'list', '--org', 'Acme Talent')).toMatch(/alice@acme\.test[\s\S]*bob@acme\.test/)

    const db = await database()
    const org = await db.accounts.orgByName('Acme Talent')
    expect(org).not.toBeNull()
    expect((await db.accounts.usersInOrg(org!.id)).map((u) => u.email).sort()).toEqual(['alice@acme.test', 'bob@acme.test'])
    expect(await db.accounts.verifyLogin('alice@acme.test', 'long enough')).toMatchObject({ name: 'Alice Adams' })

    await ok('user', 'disable', '--email', 'bob@acme.test')
    expect(await db.accounts.verifyLogin('bob@acme.test', 'long enough')).toBeNull()
    await ok('user', 'enable', '--email', 'bob@acme.test')
    expect(await db.accounts.verifyLogin('bob@acme.test', 'long enough')).not.toBeNull()

    const bob = (await db.accounts.userByEmail('bob@acme.test'))!
    const session = await db.sessions.create(bob.id)
    await ok('session', 'revoke', '--user', 'bob@acme.test')
    expect(await db.sessions.resolve(session.token)).toBeNull()
    await ok('user', 'reset-password', '--email', 'bob@acme.test', '--password', 'another long one')
    expect(await db.accounts.verifyLogin('bob@acme.test', 'another long one')).not.toBeNull()
    await ok('user', 'delete', '--email', 'bob@acme.test')
    expect(await db.accounts.userByEmail('bob@acme.test')).toBeNull()

    expect(fs.readdirSync(dataDir)).toEqual([])
  })

  it('manages host people in PostgreSQL', async () => {
    await ok('host', 'org', 'put', 'northwind', '--name', 'Northwind')
    await ok('host', 'user', 'put', 'northwind', 'u-ann', '--name', 'Ann Archer')
    expect(await ok('host', 'user', 'list', 'northwind')).toContain('Ann Archer')
    const db = await database()
    const org = await db.accounts.orgByName('Northwind')
    expect((await db.accounts.usersInOrg(org!.id)).map((u) => u.name)).toEqual(['Ann Archer'])
  })

  it('imports records into PostgreSQL', async () => {
    fs.writeFileSync(path.join(filesDir, 'records.csv'), ['type,id,number,label,City', 'job,1042,JOB-1042,Senior Welder,Oslo', 'candidate,311,CAN-311,Ann Smith,Berlin', 'job,1043,JOB-1043,,'].join('\n'))
    const out = await ok('records', 'import', '--org', 'Acme Talent', 'records.csv')
    expect(out).toContain('2 imported, 0 updated, 0 unchanged, 1 skipped.')
    expect(await ok('records', 'import', '--org', 'Acme Talent', 'records.csv')).toContain('0 imported, 0 updated, 2 unchanged, 1 skipped.')
    const db = await database()
    const org = (await db.accounts.orgByName('Acme Talent'))!
    expect(await db.recordStore.count(org.id)).toBe(2)
    expect((await db.recordDirectory({ urls: DEFAULT_URL_TEMPLATES }).search(org.id, 'welder', 10)).map((hit) => hit.number)).toEqual(['JOB-1042'])
    expect(fs.readdirSync(dataDir)).toEqual([])
  })

  it('refuses backup and restore, naming pg_dump and pg_restore', async () => {
    const backup = await cli(['backup', 'copy.db'])
    expect(backup.code).toBe(1)
    expect(backup.err).toContain('PARLEY_DATABASE_URL is set')
    expect(backup.err).toContain('pg_dump')
    const restore = await cli(['restore', 'copy.db'])
    expect(restore.code).toBe(1)
    expect(restore.err).toContain('pg_restore')
    expect(fs.readdirSync(filesDir).filter((name) => name.endsWith('.db'))).toEqual([])
    expect(fs.readdirSync(dataDir)).toEqual([])
  })

  it('says which server it cannot reach, without the password', async () => {
    const result = await cli(['org', 'list'], `postgres://parley:s3cret@127.0.0.1:${await freePort()}/parley`)
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/^Error: cannot reach postgres:\/\/parley:\*\*\*@127\.0\.0\.1:\d+\/parley: /)
    expect(result.err).not.toContain('s3cret')
  })
})
