// Tells a storage failure that should pass (a full disk, an I/O error, a file another process
// keeps locked) from a bug. The relay answers the first kind with documented codes and a time
// to come back (HTTP 503 storage_unavailable, WebSocket 4503) instead of 500 or a reload loop.

/** SQLite result codes (better-sqlite3's `code`) that say "the storage cannot write right now". */
const TRANSIENT = /^SQLITE_(FULL|IOERR|BUSY)(_|$)/u

export function isStorageUnavailable(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && TRANSIENT.test(error.code)
}
