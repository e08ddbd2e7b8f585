// The session watch on a real SQLite file with a test clock: a watched session ends when it
// expires, when its row is deleted (logout, revocation) and when its person is deactivated, and
// only then; each watcher is told once.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSessions } from '../accounts/sessions.ts'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import { createSessionWatch } from './session-watch.ts'

const opened: Array<{ db: Db; dir: string }> = []
afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-watch-'))
  const db = openDatabase(dir)
  opened.push({ db, dir })
  let now = 1_000_000
  const clock = () => now
  const accounts = createSqliteAccounts(db, { scryptCost: 1024, clock })
  const org = accounts.createOrg('Acme')
  const alice = await accounts.createUser({ orgId: org.id, email: 'alice@acme.test', name: 'Alice', password: 'password1' })
  const bob = await accounts.createUser({ orgId: org.id, email: 'bob@acme.test', name: 'Bob', password: 'password1' })
  const sessions = createSessions(db, { ttlHours: 1, clock })
  const watch = createSessionWatch({ sessions, intervalMs: 60_000, clock })
  const ended: string[] = []
  const follow = (name: string, token: string) => {
    const auth = sessions.lookup(token)!
    watch.watch(auth, () => ended.push(name))
  }
  return { accounts, sessions, watch, ended, follow, alice, bob, advance: (ms: number) => (now += ms) }
}

describe('session watch', () => {
  it('ends a session when it expires, and not before', async () => {
    const t = await setup()
    t.follow('alice', t.sessions.create(t.alice.id).token)
    t.advance(60 * 60 * 1000 - 1)
    t.watch.check()
    expect(t.ended).toEqual([])
    t.advance(1)
    t.watch.check()
    t.watch.check()
    expect(t.ended).toEqual(['alice'])
    t.watch.stop()
  })

  it('ends exactly the sessions whose rows were deleted', async () => {
    const t = await setup()
    const a1 = t.sessions.create(t.alice.id).token
    t.follow('alice-1', a1)
    t.follow('alice-2', t.sessions.create(t.alice.id).token)
    t.follow('bob', t.sessions.create(t.bob.id).token)
    t.watch.check()
    expect(t.ended).toEqual([])
    t.sessions.revoke(a1)
    t.watch.check()
    expect(t.ended).toEqual(['alice-1'])
    t.sessions.revokeAllFor(t.bob.id)
    t.watch.check()
    expect(t.ended).toEqual(['alice-1', 'bob'])
    t.watch.stop()
  })

  it('ends every session of a person who is deactivated, who then cannot sign in', async () => {
    const t = await setup()
    t.follow('bob', t.sessions.create(t.bob.id).token)
    expect(t.accounts.setDeactivated(t.bob.id, true)).toBe(true)
    t.watch.check()
    expect(t.ended).toEqual(['bob'])
    expect(await t.accounts.verifyLogin('bob@acme.test', 'password1')).toBeNull()
    expect(t.accounts.userById(t.bob.id)?.deactivatedAt).toBeTypeOf('number')
    t.accounts.setDeactivated(t.bob.id, false)
    expect(await t.accounts.verifyLogin('bob@acme.test', 'password1')).not.toBeNull()
    t.watch.stop()
  })

  it('ends a session that ended between its authentication and its watch, though the counter was read meanwhile', async () => {
    const t = await setup()
    const token = t.sessions.create(t.alice.id).token
    const auth = t.sessions.lookup(token)! // the socket is authenticated…
    t.sessions.revoke(token) // …the session ends…
    t.watch.check() // …a check runs with nothing watched, and reads the counter…
    const ended: string[] = []
    t.watch.watch(auth, () => ended.push('alice')) // …then the socket is watched
    t.watch.check()
    expect(ended).toEqual(['alice'])
    t.watch.stop()
  })
})
