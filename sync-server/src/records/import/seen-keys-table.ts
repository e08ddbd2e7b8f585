// SeenKeys for a large import: a TEMP table of the connection the import writes through, so that
// remembering 200,000 record keys costs disk pages, not the process's memory. Dropped on close.

import type { Db } from '../../storage/database.ts'
import type { SeenKeys } from './import-records.ts'

export interface SeenKeysTable extends SeenKeys {
  drop(): void
}

export function createSeenKeysTable(db: Db): SeenKeysTable {
  // A TEMP table lives in the connection's temporary file, which nobody else sees. Its page cache
  // is kept small (2 MiB; better-sqlite3's default is 16 MiB per database): lookups are by key.
  db.pragma('temp.cache_size = -2000')
  db.exec('CREATE TEMP TABLE IF NOT EXISTS import_seen (key TEXT PRIMARY KEY, row_where TEXT NOT NULL) WITHOUT ROWID; DELETE FROM temp.import_seen;')
  const insert = db.prepare('INSERT INTO temp.import_seen (key, row_where) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
  const select = db.prepare<[string], { row_where: string }>('SELECT row_where FROM temp.import_seen WHERE key = ?')
  return {
    firstSeen(key, where) {
      if (insert.run(key, where).changes > 0) return undefined
      return select.get(key)?.row_where
    },
    drop: () => db.exec('DROP TABLE IF EXISTS temp.import_seen'),
  }
}
