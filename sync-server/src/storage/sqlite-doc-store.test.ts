// The SQLite store's side of IndexWrites and loadSince, on a real file: the chat index and the
// waiting inbox rows are written in the document commit and fail with it; a registration of a chat
// that exists changes nothing; loadSince returns only the rows after the one it is given.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InboxChat } from '@parley/chat-model'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { createSqliteChatIndex } from '../chats/chat-index.ts'
import { createSqlitePendingInboxRows } from '../chats/pending-inbox-rows.ts'
import { openDatabase, type Db } from './database.ts'
import { BindingConflict, NO_INDEX_WRITES, type DocStore } from './doc-store.ts'
import { createSqliteDocStore } from './sqlite-doc-store.ts'

let dir: string
let db: Db
let store: DocStore
let alice: string
let bob: string
let orgId: string
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-doc-store-'))
  db = openDatabase(dir)
  store = createSqliteDocStore(db)
  const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  orgId = (await accounts.createOrg('Acme')).id
  alice = (await accounts.createUser({ orgId, email: 'alice@acme.test', name: 'Alice', password: 'password1' })).id
  bob = (await accounts.createUser({ orgId, email: 'bob@acme.test', name: 'Bob', password: 'password1' })).id
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const row = (chatId: string, messageCount: number): InboxChat => ({
  chatId,
  members: [],
  startedBy: 'x',
  startedAt: 1,
  lastMessage: null,
  messageCount,
  fromOthers: 0,
  unread: 0,
})

describe('SQLite DocStore: index writes and loadSince', () => {
  it('registers, touches and keeps waiting rows in the commit of the documents', async () => {
    const chats = createSqliteChatIndex(db)
    const pending = createSqlitePendingInboxRows(db)
    const chat = { id: 'c1', orgId, createdBy: alice, createdAt: 10, members: [alice, bob] }
    await store.commit([{ room: 'chat/c1', update: new Uint8Array([1]) }], { ...NO_INDEX_WRITES, registered: [chat], touched: [['c1', 50]], waiting: [{ userId: bob, row: row('c1', 1) }] })
    expect(await chats.get('c1')).toEqual({ ...chat, members: [alice, bob].sort(), lastMessageAt: 50, head: 0 })
    // A second registration (another process, a restart) changes nothing; touches keep the latest time.
    await store.commit([], { ...NO_INDEX_WRITES, registered: [{ ...chat, members: [alice] }], touched: [['c1', 40]], waiting: [{ userId: bob, row: row('c1', 2) }] })
    expect(await chats.get('c1')).toMatchObject({ members: [alice, bob].sort(), lastMessageAt: 50 })
    expect(await pending.waiting(bob)).toEqual([row('c1', 2)])
  })

  it('writes no index row when the documents fail to commit', async () => {
    await store.commit([{ room: 'chat/c2', update: new Uint8Array([1]), bind: [[7, alice]] }])
    const chat = { id: 'c2', orgId, createdBy: bob, createdAt: 10, members: [alice, bob] }
    const failing = store.commit([{ room: 'chat/c2', update: new Uint8Array([2]), bind: [[7, bob]] }], { ...NO_INDEX_WRITES, registered: [chat] })
    await expect(failing).rejects.toBeInstanceOf(BindingConflict)
    expect(await createSqliteChatIndex(db).get('c2')).toBeNull()
  })

  it('loads only the updates stored after a row', async () => {
    const seqs = await store.commit([1, 2, 3].map((n) => ({ room: 'chat/c3', update: new Uint8Array([n]) })))
    await store.commit([{ room: 'chat/other', update: new Uint8Array([9]) }])
    const since = await store.loadSince('chat/c3', seqs[0]!)
    expect(since.seqs).toEqual(seqs.slice(1))
    expect(since.updates.map((u) => [...u])).toEqual([[2], [3]])
    expect((await store.loadSince('chat/c3', seqs[2]!)).updates).toEqual([])
  })
})
