// Where a person's copies live in this browser: one IndexedDB database per document (and one
// key-value store), all named under `parley:<userId>:`, so that signing out can find and delete
// every one of them. It does not read or write what they contain.

import * as idb from 'lib0/indexeddb'

const DB_PREFIX = 'parley:'

/** The IndexedDB database of one room (or of `name`, for the person's own key-value store). */
export const dbName = (userId: string, room: string) => `${DB_PREFIX}${userId}:${room}`

/**
 * Empties one document's database rather than deleting it: another tab may hold it open, and a
 * deletion would wait for that tab (and block our own reopening) for as long as it stays open.
 * The two stores are y-indexeddb's: `updates` (the document) and `custom` (what we keep beside it).
 */
export async function clearStoredCopy(name: string): Promise<void> {
  const db = await idb.openDB(name, (created) => idb.createStores(created, [['updates', { autoIncrement: true }], ['custom']]))
  try {
    const [updates, custom] = idb.transact(db, ['updates', 'custom'])
    await Promise.all([idb.rtop(updates!.clear()), idb.rtop(custom!.clear())])
  } finally {
    db.close()
  }
}

/** Deletes every IndexedDB copy kept for `userId` (signing out on a shared computer). */
export async function clearLocalData(userId: string): Promise<void> {
  if (typeof indexedDB.databases !== 'function') return
  const prefix = dbName(userId, '')
  const databases = await indexedDB.databases()
  await Promise.all(
    databases
      .map((db) => db.name)
      .filter((name): name is string => !!name?.startsWith(prefix))
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name)
            request.onsuccess = request.onerror = () => resolve()
          }),
      ),
  )
}
