// Checks a copy made by copy-from-sqlite.ts: the row count of every table on both sides, and a
// random sample of documents (plus the one with the most updates) loaded from both and compared
// by their Yjs state (Y.encodeStateAsUpdate of each, byte for byte) and client-id bindings.

import * as Y from 'yjs'
import type { Db } from '../database.ts'
import type { DocStore, StoredDoc } from '../doc-store.ts'
import { createSqliteDocStore } from '../sqlite-doc-store.ts'
import { postgresCounts, sqliteCounts, type TableCounts } from './copy-from-sqlite.ts'
import { createPostgresDocStore } from './doc-store.ts'
import type { PgDb } from './pool.ts'
import { TABLES } from './schema.ts'

export interface CopyCheck {
  sqlite: TableCounts
  postgres: TableCounts
  /** Rooms compared, and those whose state or bindings differ. */
  rooms: { total: number; compared: string[]; different: string[] }
  ok: boolean
}

const stateOf = (stored: StoredDoc): Uint8Array => {
  const doc = new Y.Doc()
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && Buffer.compare(a, b) === 0
const sameClients = (a: Map<number, string>, b: Map<number, string>) => a.size === b.size && [...a].every(([id, user]) => b.get(id) === user)

/** A random sample of `n` items (all of them when there are fewer). */
const sample = <T>(items: readonly T[], n: number, random: () => number): T[] => {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy.slice(0, n)
}

export async function verifyCopy(sqlite: Db, target: PgDb, options: { sampleRooms: number; random?: () => number }): Promise<CopyCheck> {
  const counts = { sqlite: sqliteCounts(sqlite), postgres: await postgresCounts(target) }
  const rooms = (sqlite.prepare('SELECT room, count(*) AS n FROM doc_updates GROUP BY room ORDER BY n DESC, room').all() as { room: string }[]).map((r) => r.room)
  const compared = [...new Set([...rooms.slice(0, 1), ...sample(rooms, options.sampleRooms, options.random ?? Math.random)])]
  const from: DocStore = createSqliteDocStore(sqlite)
  const to: DocStore = createPostgresDocStore(target)
  const different: string[] = []
  for (const room of compared) {
    const [a, b] = [await from.load(room), await to.load(room)]
    if (!sameBytes(stateOf(a), stateOf(b)) || !sameClients(a.clients, b.clients)) different.push(room)
  }
  const countsMatch = TABLES.every((t) => counts.sqlite[t] === counts.postgres[t])
  return { ...counts, rooms: { total: rooms.length, compared, different }, ok: countsMatch && different.length === 0 }
}
