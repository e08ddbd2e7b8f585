// Tells a storage failure that should pass (a full disk, an I/O error, a file another process
// keeps locked, a database server that is gone) from a bug. The relay answers the first kind with
// documented codes and a time to come back (HTTP 503 storage_unavailable, WebSocket 4503) instead
// of 500 or a reload loop.

/** SQLite result codes (better-sqlite3's `code`) that say "the storage cannot write right now". */
const TRANSIENT = /^SQLITE_(FULL|IOERR|BUSY)(_|$)/u

/**
 * A database server could not be reached or refused work for a while (storage/postgres/pool.ts
 * wraps such errors in it). The original error is its `cause`.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError'
}

/**
 * Text the database cannot hold: PostgreSQL's text types refuse the NUL character (SQLite keeps
 * it). It comes from a client, so the HTTP API answers it with 400 invalid_body, never 500.
 */
export class UnstorableTextError extends Error {
  override name = 'UnstorableTextError'
}

export function isStorageUnavailable(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && TRANSIENT.test(error.code)
}
