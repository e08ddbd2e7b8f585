// A small key-value store in IndexedDB for one signed-in person: what this device must remember
// besides the documents themselves (chats started here, chats with unsent writes, messages the
// relay refused). Its database sits under the person's prefix, so signing out deletes it with
// the documents. Values are structured-cloned; nothing here is sent anywhere.

import * as idb from 'lib0/indexeddb'
import { dbName } from './local-copies.ts'

export interface LocalKv {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  close(): void
}

const STORE = 'kv'
/** Not a room name (those have a slash), so it never meets a document's database. */
const KV_NAME = 'local'

export function openLocalKv(userId: string): LocalKv {
  const opening = idb.openDB(dbName(userId, KV_NAME), (db) => idb.createStores(db, [[STORE]]))
  // A browser without IndexedDB (some private modes) keeps nothing, but the app still works.
  const ready = opening.catch(() => null)
  const store = async (access: 'readonly' | 'readwrite') => {
    const db = await ready
    return db ? idb.transact(db, [STORE], access)[0]! : null
  }
  return {
    async get<T>(key: string) {
      const kv = await store('readonly')
      return kv ? ((await idb.get(kv, key)) as T | undefined) : undefined
    },
    async set(key, value) {
      const kv = await store('readwrite')
      if (kv) await idb.rtop(kv.put(value, key))
    },
    async del(key) {
      const kv = await store('readwrite')
      if (kv) await idb.del(kv, key)
    },
    close() {
      void ready.then((db) => db?.close())
    },
  }
}
