// History pages on a real SQLite store and the real render worker: a sealed epoch warmed ahead is
// served from the cache without another render; a stored row added after it (a late write)
// renders it again; a cache of 0 bytes renders every time.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendMessage } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import { NO_INDEX_WRITES, type DocStore } from '../storage/doc-store.ts'
import { createSqliteDocStore } from '../storage/sqlite-doc-store.ts'
import { createChatHistory } from './chat-history.ts'
import { createSqliteChatIndex } from './chat-index.ts'
import { createEpochRenderer, type EpochRenderer } from './epoch-renderer.ts'

let dir: string
let db: Db
let store: DocStore
let renderer: EpochRenderer
let renders = 0
let alice: string
let doc: Y.Doc

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-history-'))
  db = openDatabase(dir)
  store = createSqliteDocStore(db)
  const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  const orgId = (await accounts.createOrg('Acme')).id
  alice = (await accounts.createUser({ orgId, email: 'alice@acme.test', name: 'Alice', password: 'password1' })).id
  const bob = (await accounts.createUser({ orgId, email: 'bob@acme.test', name: 'Bob', password: 'password1' })).id
  doc = new Y.Doc()
  appendMessage(doc, { id: 'm1', author: alice, text: 'one', at: 1 })
  await store.commit([{ room: chatRoom('c'), update: Y.encodeStateAsUpdate(doc) }], {
    ...NO_INDEX_WRITES,
    registered: [{ id: 'c', orgId, createdBy: alice, createdAt: 1, members: [alice, bob] }],
    sealed: [['c', 1]],
  })
  const real = createEpochRenderer()
  renders = 0
  renderer = {
    render: (updates, epoch) => {
      renders++
      return real.render(updates, epoch)
    },
    warm: () => real.warm(),
    close: () => real.close(),
  }
})
afterEach(async () => {
  await renderer.close()
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const texts = (body: string) => (JSON.parse(body) as { messages: Array<{ text: string }> }).messages.map((m) => m.text)

describe('chat history', () => {
  it('serves a warmed epoch from the cache, and renders it again after a late write', async () => {
    const history = createChatHistory({ chats: createSqliteChatIndex(db), store, renderer, cacheBytes: 1 << 20 })
    await history.warm('c', 0)
    expect(renders).toBe(1)
    expect(texts((await history.page('c', alice, { limit: 50 }))!.body)).toEqual(['one'])
    expect(renders).toBe(1)
    const before = Y.encodeStateVector(doc)
    appendMessage(doc, { id: 'm2', author: alice, text: 'late', at: 2 })
    await store.commit([{ room: chatRoom('c'), update: Y.encodeStateAsUpdate(doc, before) }])
    expect(texts((await history.page('c', alice, { limit: 50 }))!.body)).toEqual(['one', 'late'])
    expect(renders).toBe(2)
    expect(await history.page('c', 'someone-else', { limit: 50 })).toBeNull()
  })

  it('renders every time with a cache of 0 bytes', async () => {
    const history = createChatHistory({ chats: createSqliteChatIndex(db), store, renderer, cacheBytes: 0 })
    await history.warm('c', 0)
    await history.page('c', alice, { limit: 50 })
    await history.page('c', alice, { limit: 50 })
    expect(renders).toBe(2)
  })
})
