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
  const org = await accounts.createOrg('Acme')
  const alice = await accounts.createUser({ orgId: org.id, email: 'alice@acme.test', name: 'Alice', password: 'password1' })
  const bob = await accounts.createUser({ orgId: org.id, email: 'bob@acme.test', name: 'Bob', password: 'password1' })
  const sessions = createSessions(db, { ttlHours: 1, clock })
  const watch = createSessionWatch({ sessions, intervalMs: 60_000, clock })
  const ended: string[] = []
  const follow = async (name: string, token: string) => {
    const auth = (await sessions.lookup(token))!
    watch.watch({ sessionHash: auth.sessionHash, expiresAt: auth.expiresAt, sessionEnded: () => ended.push(name) })
  }
  return { accounts, sessions, watch, ended, follow, alice, bob, advance: (ms: number) => (now += ms) }
}

describe('session watch', () => {
  it('ends a session when it expires, and not before', async () => {
    const t = await setup()
    await t.follow('alice', (await t.sessions.create(t.alice.id)).token)
    t.advance(60 * 60 * 1000 - 1)
    await t.watch.check()
    expect(t.ended).toEqual([])
    t.advance(1)
    await t.watch.check()
    await t.watch.check()
    expect(t.ended).toEqual(['alice'])
    t.watch.stop()
  })

  it('ends exactly the sessions whose rows were deleted', async () => {
    const t = await setup()
    const a1 = (await t.sessions.create(t.alice.id)).token
    await t.follow('alice-1', a1)
    await t.follow('alice-2', (await t.sessions.create(t.alice.id)).token)
    await t.follow('bob', (await t.sessions.create(t.bob.id)).token)
    await t.watch.check()
    expect(t.ended).toEqual([])
    await t.sessions.revoke(a1)
    await t.watch.check()
    expect(t.ended).toEqual(['alice-1'])
    await t.sessions.revokeAllFor(t.bob.id)
    await t.watch.check()
    expect(t.ended).toEqual(['alice-1', 'bob'])
    t.watch.stop()
  })

  it('ends every session of a person who is deactivated, who then cannot sign in', async () => {
    const t = await setup()
    await t.follow('bob', (await t.sessions.create(t.bob.id)).token)
    expect(await t.accounts.setDeactivated(t.bob.id, true)).toBe(true)
    await t.watch.check()
    expect(t.ended).toEqual(['bob'])
    expect(await t.accounts.verifyLogin('bob@acme.test', 'password1')).toBeNull()
    expect((await t.accounts.userById(t.bob.id))?.deactivatedAt).toBeTypeOf('number')
    await t.accounts.setDeactivated(t.bob.id, false)
    expect(await t.accounts.verifyLogin('bob@acme.test', 'password1')).not.toBeNull()
    t.watch.stop()
  })

  it('tells nothing to a watch that was stopped before its session ended', async () => {
    const t = await setup()
    const token = (await t.sessions.create(t.alice.id)).token
    const auth = (await t.sessions.lookup(token))!
    const ended: string[] = []
    const watched = { sessionHash: auth.sessionHash, expiresAt: auth.expiresAt, sessionEnded: () => ended.push('alice') }
    t.watch.watch(watched)
    t.watch.unwatch(watched) // the socket closed
    await t.sessions.revoke(token)
    await t.watch.check()
    t.advance(60 * 60 * 1000)
    await t.watch.check()
    expect(ended).toEqual([])
    t.watch.stop()
  })

  it('ends a session that ended between its authentication and its watch, though the counter was read meanwhile', async () => {
    const t = await setup()
    const token = (await t.sessions.create(t.alice.id)).token
    const auth = (await t.sessions.lookup(token))! // the socket is authenticated…
    await t.sessions.revoke(token) // …the session ends…
    await t.watch.check() // …a check runs with nothing watched, and reads the counter…
    const ended: string[] = []
    t.watch.watch({ sessionHash: auth.sessionHash, expiresAt: auth.expiresAt, sessionEnded: () => ended.push('alice') }) // …then the socket is watched
    await t.watch.check()
    expect(ended).toEqual(['alice'])
    t.watch.stop()
  })

  it('runs one check at a time, and asks again after a failed one', async () => {
    let seq = 0
    let calls = 0
    let fail = true
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const errors: unknown[] = []
    const watch = createSessionWatch({
      sessions: {
        changeSeq: async () => {
          calls++
          await gate
          return ++seq
        },
        stillValid: async () => {
          if (fail) throw new Error('database away')
          return new Set<string>()
        },
      },
      intervalMs: 60_000,
      onError: (error) => errors.push(error),
    })
    const ended: string[] = []
    watch.watch({ sessionHash: 'h', expiresAt: Number.MAX_SAFE_INTEGER, sessionEnded: () => ended.push('h') })
    const first = watch.check()
    const second = watch.check()
    release()
    await Promise.all([first, second])
    expect(calls).toBe(1)
    expect(errors).toHaveLength(1)
    expect(ended).toEqual([])
    fail = false
    await watch.check()
    expect(ended).toEqual(['h'])
    watch.stop()
  })
})
