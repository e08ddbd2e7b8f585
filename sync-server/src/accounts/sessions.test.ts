import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../storage/database.ts'
import type { User } from './accounts.ts'
import { createSessions } from './sessions.ts'
import { createSqliteAccounts } from './sqlite-accounts.ts'

let dir: string
let db: Db
let alice: User
let bob: User
let now: number
const clock = () => now
const HOUR = 60 * 60 * 1000

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-sessions-'))
  db = openDatabase(dir)
  const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  const org = await accounts.createOrg('Acme')
  alice = await accounts.createUser({ orgId: org.id, email: 'alice@acme.test', name: 'Alice', password: 'password1' })
  bob = await accounts.createUser({ orgId: org.id, email: 'bob@acme.test', name: 'Bob', password: 'password1' })
  now = 1_700_000_000_000
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const sessionCount = () => (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n

describe('sessions', () => {
  it('creates a 32-byte base64url token that resolves to its user until it expires', async () => {
    const sessions = createSessions(db, { ttlHours: 2, clock })
    const { token, expiresAt } = await sessions.create(alice.id)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(expiresAt).toBe(now + 2 * HOUR)
    expect(await sessions.resolve(token)).toEqual(alice)

    now += 2 * HOUR - 1
    expect(await sessions.resolve(token)).toEqual(alice)
    now += 1
    expect(await sessions.resolve(token)).toBeNull()
  })

  it('deletes an expired session when it is presented', async () => {
    const sessions = createSessions(db, { ttlHours: 1, clock })
    const { token } = await sessions.create(alice.id)
    expect(sessionCount()).toBe(1)
    now += HOUR
    expect(await sessions.resolve(token)).toBeNull()
    expect(sessionCount()).toBe(0)
  })

  it('sweeps expired sessions when a new one is created', async () => {
    const sessions = createSessions(db, { ttlHours: 1, clock })
    await sessions.create(alice.id)
    await sessions.create(bob.id)
    now += HOUR
    await sessions.create(alice.id)
    expect(sessionCount()).toBe(1)
  })

  it('stores only a hash of the token, never the token itself', async () => {
    const sessions = createSessions(db, { ttlHours: 1, clock })
    const { token } = await sessions.create(alice.id)
    const rows = db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[]
    expect(rows).toHaveLength(1)
    for (const value of Object.values(rows[0]!)) expect(String(value)).not.toContain(token)
    db.pragma('wal_checkpoint(TRUNCATE)')
    for (const file of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, file)).includes(token)).toBe(false)
  })

  it('revoke ends one session and leaves the others', async () => {
    const sessions = createSessions(db, { ttlHours: 1, clock })
    const phone = await sessions.create(alice.id)
    const laptop = await sessions.create(alice.id)
    await sessions.revoke(phone.token)
    expect(await sessions.resolve(phone.token)).toBeNull()
    expect(await sessions.resolve(laptop.token)).toEqual(alice)
  })

  it('revokeAllFor ends every session of one person only', async () => {
    const sessions = createSessions(db, { ttlHours: 1, clock })
    const a1 = await sessions.create(alice.id)
    const a2 = await sessions.create(alice.id)
    const b = await sessions.create(bob.id)
    await sessions.revokeAllFor(alice.id)
    expect(await sessions.resolve(a1.token)).toBeNull()
    expect(await sessions.resolve(a2.token)).toBeNull()
    expect(await sessions.resolve(b.token)).toEqual(bob)
  })

  it('resolves unknown, empty and garbage tokens to null', async () => {
    const sessions = createSessions(db, { ttlHours: 1, clock })
    await sessions.create(alice.id)
    for (const token of ['', 'nope', 'x'.repeat(10_000), '\u0000;\n']) expect(await sessions.resolve(token)).toBeNull()
  })
})
