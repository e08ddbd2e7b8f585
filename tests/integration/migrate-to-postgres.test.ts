// `parley migrate --to postgres://…` on a data folder with the demo data, a 10,000-message chat,
// a compacted room, sessions, records and waiting inbox rows: copied into an empty PostgreSQL
// database and verified, after which the PostgreSQL backend serves the same people, chats,
// records and documents. A database with data, or with tables of its own, is refused; a copy
// that differs fails the verification.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readMessages } from '@parley/chat-model'
import { runCliForTest } from '../../sync-server/src/cli/cli-for-tests.ts'
import { createLogger } from '../../sync-server/src/log.ts'
import { DEFAULT_URL_TEMPLATES } from '../../sync-server/src/records/url-template.ts'
import { DEMO_PASSWORD, seedDemo } from '../../sync-server/src/seed/demo.ts'
import { seedDemoRecords } from '../../sync-server/src/seed/demo-records.ts'
import { openDatabase } from '../../sync-server/src/storage/database.ts'
import { LOCK_FILE } from '../../sync-server/src/storage/data-lock.ts'
import { openPostgresBackend } from '../../sync-server/src/storage/postgres/backend.ts'
import { openPool } from '../../sync-server/src/storage/postgres/pool.ts'
import { verifyCopy } from '../../sync-server/src/storage/postgres/verify-copy.ts'
import { sqliteBackendOn } from '../../sync-server/src/storage/sqlite-backend.ts'
import { newChatDoc, say } from '../support/chat.ts'
import { inboxRow } from '../support/backends.ts'
import { tempDir } from '../support/relay.ts'
import { startPostgres, type Service } from '../support/services.ts'

const MESSAGES = 10_000

/** Demo data plus one long chat written one message per update, as a relay stores them. */
async function seedDataFolder(dir: string) {
  const backend = sqliteBackendOn(openDatabase(dir), { scryptCost: 1024, sessionTtlHours: 1 })
  try {
    await seedDemo(backend.accounts)
    await seedDemoRecords(backend.accounts, backend.recordStore)
    const org = (await backend.accounts.orgByName('Acme Recruiting'))!
    const [alice, bob] = (await backend.accounts.usersInOrg(org.id)).map((u) => u.id) as [string, string]
    const { doc, chatId } = newChatDoc(alice, bob)
    const room = `chat/${chatId}`
    const updates: Uint8Array[] = [Y.encodeStateAsUpdate(doc)]
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (let i = 0; i < MESSAGES; i++) say(doc, i % 3 ? alice : bob, `message ${i}`)
    const writes = updates.map((update, i) => ({ room, update, ...(i === 0 ? { bind: [[doc.clientID, alice]] as [number, string][] } : {}) }))
    for (let i = 0; i < writes.length; i += 1000) {
      await backend.docs.commit(writes.slice(i, i + 1000), {
        registered: i === 0 ? [{ id: chatId, orgId: org.id, createdBy: alice, createdAt: 1000, members: [alice, bob] }] : [],
        touched: [[chatId, 2000 + i]],
        waiting: [{ userId: bob, row: inboxRow(chatId, `after ${i}`) }],
        sealed: [[chatId, 1]],
        epochs: [{ chatId, epoch: 0, messages: i, byAuthor: { [alice]: i }, lastMessage: null }],
      })
    }
    // A second, compacted chat: its snapshot's row number is not its first.
    const small = newChatDoc(bob, alice)
    say(small.doc, bob, 'short chat')
    const [first] = await backend.docs.commit([{ room: `chat/${small.chatId}`, update: Y.encodeStateAsUpdate(small.doc), bind: [[small.doc.clientID, bob]] }])
    await backend.docs.compact(`chat/${small.chatId}`, Y.encodeStateAsUpdate(small.doc), [first!])
    const session = await backend.sessions.create(alice)
    await backend.hostPeople.signIn({ iss: 'https://crm.test', sub: 'u-1', org: 'o-1', name: 'Host Person', iat: 0, exp: 4_000_000_000, jti: 'j-1' })
    return { chatId, smallChatId: small.chatId, alice, bob, token: session.token, orgId: org.id }
  } finally {
    await backend.close()
  }
}

describe('parley migrate --to postgres://…', { timeout: 240_000 }, () => {
  let server: Service
  let dir: string
  let seeded: Awaited<ReturnType<typeof seedDataFolder>>
  beforeAll(async () => {
    dir = tempDir('parley-migrate-')
    const starting = startPostgres()
    // Assigned before anything else can fail, so that afterAll always removes the server.
    const seeding = seedDataFolder(dir).finally(async () => void (server = await starting))
    seeded = await seeding
  }, 120_000)
  afterAll(async () => {
    await server?.remove()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('copies the data folder into an empty database and verifies it, with progress and a summary', async () => {
    const result = await runCliForTest(['migrate', '--to', server.url], { PARLEY_DATA_DIR: dir })
    expect(result.err).not.toMatch(/Error/)
    expect(result.code).toBe(0)
    expect(result.err).toMatch(/Copying: 100%/)
    expect(result.out).toMatch(/doc_updates\s+10,0\d\d\s+10,0\d\d\n/)
    expect(result.out).toMatch(/Documents compared by their Yjs state: 2 of 2, all equal\./)
    expect(result.out).toMatch(/^Verified\./m)
    expect(result.out).not.toMatch(/MISMATCH/)
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false)

    // The PostgreSQL backend now serves the same data.
    const backend = await openPostgresBackend(server.url, { scryptCost: 1024, sessionTtlHours: 1, log: createLogger('silent') })
    try {
      expect(await backend.accounts.verifyLogin('alice@acme.test', DEMO_PASSWORD)).toMatchObject({ id: seeded.alice })
      expect(await backend.sessions.resolve(seeded.token)).toMatchObject({ id: seeded.alice })
      const stored = await backend.docs.load(`chat/${seeded.chatId}`)
      const doc = new Y.Doc()
      for (const update of stored.updates) Y.applyUpdate(doc, update)
      expect(readMessages(doc)).toHaveLength(MESSAGES)
      expect(readMessages(doc).at(-1)?.text).toBe(`message ${MESSAGES - 1}`)
      expect(await backend.chats.listForUser(seeded.bob, 5)).toEqual([expect.objectContaining({ id: seeded.chatId, lastMessageAt: 2000 + 10_000 })])
      expect(await backend.pendingRows.waiting(seeded.bob)).toEqual([inboxRow(seeded.chatId, 'after 10000')])
      expect((await backend.recordDirectory({ urls: DEFAULT_URL_TEMPLATES }).search(seeded.orgId, 'a', 3)).length).toBe(3)
      expect(await backend.hostPeople.personOf('https://crm.test', 'o-1', 'u-1')).toMatchObject({ name: 'Host Person' })
      // New rows continue after the copied row numbers.
      const [next] = await backend.docs.commit([{ room: `chat/${seeded.smallChatId}`, update: new Uint8Array([0, 0]) }])
      expect(next).toBeGreaterThan(Math.max(...stored.seqs))
    } finally {
      await backend.close()
    }
  })

  it('refuses a database that already holds Parley data, or tables of its own', async () => {
    const again = await runCliForTest(['migrate', '--to', server.url], { PARLEY_DATA_DIR: dir })
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/is not empty: it already holds Parley data \(\d+ orgs, .*doc_updates/)
    expect(again.out).toBe('')

    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    await client.query('CREATE DATABASE other')
    const otherUrl = server.url.replace(/\/parley$/, '/other')
    const other = new pg.Client({ connectionString: otherUrl })
    await other.connect()
    await other.query('CREATE TABLE invoices (id int)')
    await other.end()
    await client.end()
    const foreign = await runCliForTest(['migrate', '--to', otherUrl], { PARLEY_DATA_DIR: dir })
    expect(foreign.code).toBe(1)
    expect(foreign.err).toMatch(/is not empty: it has tables of its own \(invoices\)/)
  })

  it('refuses while a relay holds the data folder, naming it', async () => {
    const relay = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    const lock = path.join(dir, LOCK_FILE)
    try {
      fs.writeFileSync(lock, JSON.stringify({ pid: relay.pid, host: os.hostname(), role: 'relay', since: new Date().toISOString() }))
      const result = await runCliForTest(['migrate', '--to', server.url], { PARLEY_DATA_DIR: dir })
      expect(result.code).toBe(1)
      expect(result.err).toContain(`is held by a running relay (process ${relay.pid}`)
    } finally {
      relay.kill()
      fs.rmSync(lock, { force: true })
    }
  })

  it('refuses usage without a postgres:// target', async () => {
    for (const args of [['migrate'], ['migrate', '--to', 'mysql://x'], ['migrate', '--to', server.url, '--sample', 'many']]) {
      const result = await runCliForTest(args, { PARLEY_DATA_DIR: dir })
      expect(result.code, args.join(' ')).toBe(2)
    }
  })

  it('fails the verification of a copy that differs', async () => {
    const sqlite = openDatabase(dir)
    const target = openPool(server.url)
    try {
      const room = `chat/${seeded.chatId}`
      // (The first case wrote one more update into PostgreSQL after the copy.)
      const before = await verifyCopy(sqlite, target, { sampleRooms: 0 })
      expect(before.rooms).toEqual({ total: 2, compared: [room], different: [] })
      await target.query('DELETE FROM doc_updates WHERE seq = (SELECT max(seq) FROM doc_updates WHERE room = $1)', [room])
      const check = await verifyCopy(sqlite, target, { sampleRooms: 0 })
      expect(check.ok).toBe(false)
      expect(check.rooms.different).toEqual([room])
      expect(check.postgres.doc_updates).toBe(before.postgres.doc_updates - 1)
    } finally {
      await target.end()
      sqlite.close()
    }
  })
})
