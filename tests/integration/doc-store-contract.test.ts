// One contract for every DocStore, run against SQLite (a file in a temp folder) and PostgreSQL (a
// real server on a free port): updates come back in commit order with their row numbers, bindings
// stick and a conflicting one fails the commit whole, compaction replaces exactly the rows it
// names, and two writers through two connections lose nothing.

import fs from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BindingConflict, type DocStore } from '../../sync-server/src/storage/doc-store.ts'
import { openDatabase } from '../../sync-server/src/storage/database.ts'
import { DOC_SCHEMA, createPostgresDocStore } from '../../sync-server/src/storage/postgres/doc-store.ts'
import { createSqliteDocStore } from '../../sync-server/src/storage/sqlite-doc-store.ts'
import { tempDir } from '../support/relay.ts'
import { startPostgres, type Service } from '../support/services.ts'

interface Backend {
  /** Two stores on the same data, as two processes would have. */
  open(): Promise<[DocStore, DocStore]>
  close(): Promise<void>
}

const sqlite = (): Backend => {
  const dir = tempDir('parley-contract-')
  const dbs = [openDatabase(dir), openDatabase(dir)]
  return {
    open: async () => [createSqliteDocStore(dbs[0]!), createSqliteDocStore(dbs[1]!)],
    close: async () => {
      for (const db of dbs) db.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

const postgres = (): Backend => {
  let server: Service
  const pools: pg.Pool[] = []
  return {
    async open() {
      server = await startPostgres()
      for (let i = 0; i < 2; i++) pools.push(new pg.Pool({ connectionString: server.url }))
      await pools[0]!.query(DOC_SCHEMA)
      return [createPostgresDocStore(pools[0]!), createPostgresDocStore(pools[1]!)]
    },
    async close() {
      for (const pool of pools) await pool.end()
      await server.remove()
    },
  }
}

const bytes = (...values: number[]) => new Uint8Array(values)
let room = 0
const nextRoom = () => `chat/contract-${room++}`

for (const [name, make] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
  describe(`DocStore contract: ${name}`, { timeout: 60_000 }, () => {
    const backend = make()
    let a: DocStore, b: DocStore
    beforeAll(async () => {
      ;[a, b] = await backend.open()
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

    it('lets exactly one of two concurrent bindings of one client id win', async () => {
      const r = nextRoom()
      const results = await Promise.allSettled([
        a.commit([{ room: r, update: bytes(1), bind: [[9, 'alice']] }]),
        b.commit([{ room: r, update: bytes(2), bind: [[9, 'bob']] }]),
      ])
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1)
      const stored = await a.load(r)
      expect(stored.updates).toHaveLength(1)
      expect([...stored.clients.values()]).toHaveLength(1)
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
  })
}
