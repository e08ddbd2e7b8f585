// One contract for every DocStore, run against SQLite (a file in a temp folder) and PostgreSQL (a
// real server on a free port): updates come back in commit order with their row numbers, bindings
// stick and a conflicting one fails the commit whole (index writes included), compaction replaces
// exactly the rows it names, two compactions racing a writer lose nothing, index writes land with
// the documents, and loadSince gives what came after a row. Two stores are two processes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import { BindingConflict, type DocStore, type IndexWrites } from '../../sync-server/src/storage/doc-store.ts'
import { BACKENDS, inboxRow } from '../support/backends.ts'

const bytes = (...values: number[]) => new Uint8Array(values)
let room = 0
const nextRoom = () => `chat/contract-${room++}`
const index = (writes: Partial<IndexWrites>): IndexWrites => ({ registered: [], touched: [], waiting: [], sealed: [], epochs: [], ...writes })

for (const make of BACKENDS) {
  const backend = make()
  describe(`DocStore contract: ${backend.name}`, { timeout: 60_000 }, () => {
    let one: Backend, two: Backend
    let a: DocStore, b: DocStore
    let orgId: string, alice: string, bob: string
    beforeAll(async () => {
      one = await backend.open()
      two = await backend.open()
      ;[a, b] = [one.docs, two.docs]
      orgId = (await one.accounts.createOrg('Docs')).id
      alice = (await one.accounts.createUser({ orgId, email: 'alice@docs.test', name: 'Alice', password: 'correct horse' })).id
      bob = (await one.accounts.createUser({ orgId, email: 'bob@docs.test', name: 'Bob', password: 'correct horse' })).id
    }, 60_000)
    afterAll(() => backend.close())

    it('gives updates back in commit order, with their row numbers and bindings', async () => {
      const r = nextRoom()
      const seqs = await a.commit([{ room: r, update: bytes(1), bind: [[7, 'alice']] }, { room: r, update: bytes(2) }])
      const more = await b.commit([{ room: r, update: bytes(3), bind: [[8, 'bob']] }])
      const stored = await a.load(r)
      expect(stored.updates.map((u) => [...u])).toEqual([[1], [2], [3]])
      expect(stored.seqs).toEqual([...seqs, ...more])
      expect(stored.clients).toEqual(new Map([[7, 'alice'], [8, 'bob']]))
      expect(await b.countUpdates(r)).toBe(3)
    })

    it('gives the updates stored after a row with loadSince, and every binding', async () => {
      const r = nextRoom()
      const [first, second] = await a.commit([{ room: r, update: bytes(1), bind: [[7, 'alice']] }, { room: r, update: bytes(2) }])
      const [third] = await b.commit([{ room: r, update: bytes(3), bind: [[8, 'bob']] }])
      const since = await a.loadSince(r, first!)
      expect(since.updates.map((u) => [...u])).toEqual([[2], [3]])
      expect(since.seqs).toEqual([second, third])
      expect(since.clients).toEqual(new Map([[7, 'alice'], [8, 'bob']]))
      expect((await b.loadSince(r, third!)).updates).toEqual([])
      expect((await b.loadSince(r, 0)).seqs).toEqual([first, second, third])
    })

    it('fails a commit whole when it binds a client id that someone else holds', async () => {
      const r = nextRoom()
      await a.commit([{ room: r, update: bytes(1), bind: [[7, 'alice']] }])
      await expect(b.commit([{ room: r, update: bytes(2) }, { room: r, update: bytes(3), bind: [[7, 'mallory']] }])).rejects.toBeInstanceOf(BindingConflict)
      const stored = await a.load(r)
      expect(stored.updates.map((u) => [...u])).toEqual([[1]])
      expect(stored.clients.get(7)).toBe('alice')
      // The same person binding it again is no conflict.
      await b.commit([{ room: r, update: bytes(4), bind: [[7, 'alice']] }])
    })

    it('numbers a batch of writes to several rooms in write order', async () => {
      const [r1, r2] = [nextRoom(), nextRoom()]
      const seqs = await a.commit([
        { room: r2, update: bytes(1) },
        { room: r1, update: bytes(2) },
        { room: r2, update: bytes(3), bind: [[5, 'alice']] },
        { room: r1, update: bytes(4), bind: [[5, 'bob']] },
      ])
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
      expect(new Set(seqs).size).toBe(4)
      expect((await b.load(r1)).seqs).toEqual([seqs[1], seqs[3]])
      expect((await b.load(r2)).updates.map((u) => [...u])).toEqual([[1], [3]])
      expect((await b.load(r1)).clients).toEqual(new Map([[5, 'bob']]))
    })

    it('fails a batch whole when it binds one client id of a room to two people', async () => {
      const r = nextRoom()
      await expect(a.commit([{ room: r, update: bytes(1), bind: [[6, 'alice']] }, { room: r, update: bytes(2), bind: [[6, 'bob']] }])).rejects.toBeInstanceOf(BindingConflict)
      expect(await b.countUpdates(r)).toBe(0)
      expect((await b.load(r)).clients.size).toBe(0)
    })

    it('lets exactly one of two concurrent bindings of one client id win (two processes)', async () => {
      for (let round = 0; round < 10; round++) {
        const r = nextRoom()
        const results = await Promise.allSettled([
          a.commit([{ room: r, update: bytes(1), bind: [[9, 'alice']] }]),
          b.commit([{ room: r, update: bytes(2), bind: [[9, 'bob']] }]),
        ])
        expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1)
        const refused = results.find((x) => x.status === 'rejected')
        expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(BindingConflict)
        const stored = await a.load(r)
        expect(stored.updates).toHaveLength(1)
        expect([...stored.clients.values()]).toHaveLength(1)
      }
    })

    it('compacts exactly the rows it names, leaving another writer’s rows', async () => {
      const r = nextRoom()
      const mine = await a.commit([{ room: r, update: bytes(1) }, { room: r, update: bytes(2) }])
      const theirs = await b.commit([{ room: r, update: bytes(3) }])
      const snapshot = await a.compact(r, bytes(1, 2), mine)
      const stored = await b.load(r)
      expect(stored.seqs).toEqual([...theirs, snapshot].sort((x, y) => x - y))
      expect(stored.updates.map((u) => [...u]).sort()).toEqual([[1, 2], [3]].sort())
    })

    it('loses nothing when two compactions race a writer', async () => {
      const r = nextRoom()
      const writer = new Y.Doc()
      const messages = writer.getArray<string>('messages')
      const sent: string[] = []
      const write = async (n: number) => {
        const before = Y.encodeStateVector(writer)
        messages.push([`m${n}`])
        sent.push(`m${n}`)
        await b.commit([{ room: r, update: Y.encodeStateAsUpdate(writer, before) }])
      }
      for (let n = 0; n < 20; n++) await write(n)
      // Each compactor loads what is stored, merges it, and replaces exactly the rows it loaded,
      // while the writer keeps committing through another connection.
      const compactor = async (store: DocStore) => {
        for (let round = 0; round < 5; round++) {
          const stored = await store.load(r)
          const doc = new Y.Doc()
          for (const update of stored.updates) Y.applyUpdate(doc, update)
          await store.compact(r, Y.encodeStateAsUpdate(doc), stored.seqs)
        }
      }
      const writing = (async () => {
        for (let n = 20; n < 80; n++) await write(n)
      })()
      await Promise.all([compactor(a), compactor(b), writing])
      const reader = new Y.Doc()
      for (const update of (await a.load(r)).updates) Y.applyUpdate(reader, update)
      expect(reader.getArray<string>('messages').toArray()).toEqual(sent)
    })

    it('writes index writes in the same commit as the documents', async () => {
      const chatId = `chat-index-${room}`
      const r = `chat/${chatId}`
      await a.commit(
        [{ room: r, update: bytes(1), bind: [[11, alice]] }],
        index({
          registered: [{ id: chatId, orgId, createdBy: alice, createdAt: 1000, members: [bob, alice] }],
          touched: [[chatId, 1500]],
          waiting: [{ userId: bob, row: inboxRow(chatId, 'first') }],
        }),
      )
      expect(await two.chats.get(chatId)).toEqual({ id: chatId, orgId, createdBy: alice, createdAt: 1000, lastMessageAt: 1500, members: [alice, bob].sort(), head: 0 })
      expect(await two.pendingRows.waiting(bob)).toEqual([inboxRow(chatId, 'first')])
      // A second registration of the chat changes nothing; an older time never moves it back.
      await b.commit([], index({ registered: [{ id: chatId, orgId, createdBy: bob, createdAt: 9, members: [bob] }], touched: [[chatId, 1200]] }))
      expect(await one.chats.get(chatId)).toMatchObject({ createdBy: alice, createdAt: 1000, lastMessageAt: 1500, members: [alice, bob].sort() })
      await b.commit([], index({ touched: [[chatId, 2000]], waiting: [{ userId: bob, row: inboxRow(chatId, 'second') }] }))
      expect((await one.chats.get(chatId))?.lastMessageAt).toBe(2000)
      expect(await one.pendingRows.waiting(bob)).toEqual([inboxRow(chatId, 'second')])
      // Sealing moves the head in the commit of the update that filled the epoch, with its stats.
      const stats = { chatId, epoch: 0, messages: 2, byAuthor: { [alice]: 2 }, lastMessage: null }
      await a.commit([{ room: r, update: bytes(2) }], index({ sealed: [[chatId, 1]], epochs: [stats] }))
      expect((await two.chats.get(chatId))?.head).toBe(1)
      expect(await two.chats.epochs(chatId)).toEqual([stats])
    })

    it('stores no index write of a commit that fails', async () => {
      const chatId = `chat-refused-${room}`
      const r = nextRoom()
      await a.commit([{ room: r, update: bytes(1), bind: [[12, alice]] }])
      await expect(
        b.commit(
          [{ room: r, update: bytes(2), bind: [[12, bob]] }],
          index({ registered: [{ id: chatId, orgId, createdBy: bob, createdAt: 1, members: [bob, alice] }], waiting: [{ userId: alice, row: inboxRow(chatId, 'x') }] }),
        ),
      ).rejects.toBeInstanceOf(BindingConflict)
      expect(await one.chats.get(chatId)).toBeNull()
      // Nor a head or epoch stats.
      await expect(b.commit([{ room: r, update: bytes(3), bind: [[12, bob]] }], index({ sealed: [[chatId, 1]], epochs: [{ chatId, epoch: 0, messages: 1, byAuthor: {}, lastMessage: null }] }))).rejects.toBeInstanceOf(BindingConflict)
      expect(await one.chats.epochs(chatId)).toEqual([])
      expect((await one.pendingRows.waiting(alice)).filter((row) => row.chatId === chatId)).toEqual([])
    })
  })
}
