import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../accounts/password.ts'
import { createSessions } from '../accounts/sessions.ts'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { MIGRATIONS, openDatabase } from './database.ts'

let dataDir: string
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-'))
})
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('the migration that makes room for host people', () => {
  it('keeps the users, passwords, sessions and chats of an older database, and their references', async () => {
    // A database as it was just before host people: every earlier step, and rows in the old shape.
    const hostStep = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE host_users'))
    expect(hostStep).toBeGreaterThan(0)
    const old = new Database(path.join(dataDir, 'parley.db'))
    for (const sql of MIGRATIONS.slice(0, hostStep)) old.exec(sql)
    old.pragma(`user_version = ${hostStep}`)
    old.pragma('foreign_keys = ON')
    const hash = await hashPassword('correct horse', 1024)
    old.prepare(`INSERT INTO orgs (id, name, created_at) VALUES ('o1', 'Acme', 1)`).run()
    const addUser = old.prepare(`INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES (?, 'o1', ?, ?, ?, 1)`)
    addUser.run('u1', 'alice@acme.test', 'Alice', hash)
    addUser.run('u2', 'bob@acme.test', 'Bob', hash)
    old.prepare(`INSERT INTO chats (id, org_id, created_by, created_at) VALUES ('c1', 'o1', 'u1', 1)`).run()
    old.prepare(`INSERT INTO chat_members (chat_id, user_id) VALUES ('c1', 'u1'), ('c1', 'u2')`).run()
    const token = (await createSessions(old, { ttlHours: 1 }).create('u2')).token
    old.close()

    const db = openDatabase(dataDir)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
    expect((await accounts.verifyLogin('alice@acme.test', 'correct horse'))?.id).toBe('u1')
    const sessions = createSessions(db, { ttlHours: 1 })
    expect((await sessions.resolve(token))?.name).toBe('Bob')
    expect(db.prepare('SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id').all('c1')).toEqual([{ user_id: 'u1' }, { user_id: 'u2' }])

    // Emails of people with a password stay unique; references are enforced again.
    await expect(accounts.createUser({ orgId: 'o1', email: 'ALICE@acme.test', name: 'Alice 2', password: 'long enough' })).rejects.toThrow(/already has an account/)
    expect(() => db.prepare(`INSERT INTO users (id, org_id, email, name, created_at) VALUES ('u3', 'nowhere', NULL, 'X', 1)`).run()).toThrow(/FOREIGN KEY/)
    // Ending a session still reaches the relay's watch (the trigger on sessions survived).
    const seq = await sessions.changeSeq()
    await accounts.setDeactivated('u2', true)
    expect(await sessions.changeSeq()).toBe(seq + 1)
    db.close()
  })
})
