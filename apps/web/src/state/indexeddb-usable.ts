// Whether this page may use IndexedDB at all, asked once. A cross-site frame in a browser that
// blocks third-party cookies (Chrome's setting, Chromium's default) is refused every database;
// documents then live in memory only, and the app works online without a local copy.

import * as idb from 'lib0/indexeddb'

const PROBE = 'parley-probe'

let usable: Promise<boolean> | undefined

/** Resolves true when a database opens here, false when the browser refuses (or has none). */
export function indexedDbUsable(): Promise<boolean> {
  usable ??= idb.openDB(PROBE, () => {}).then(
    (db) => {
      db.close()
      return true
    },
    () => false,
  )
  return usable
}
