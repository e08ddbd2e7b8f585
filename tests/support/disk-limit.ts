// Makes a test relay's SQLite file unable to grow (a real SQLITE_FULL, with SQLite's own
// max_page_count), and lets it grow again. The limit is a setting of each connection, so it is set
// on the relay's connection (sessions, accounts) and on the storage worker's (documents).

import type { RunningServer } from '../../sync-server/src/server.ts'
import { isSqliteBackend } from '../../sync-server/src/storage/sqlite-backend.ts'

const NO_LIMIT = 1073741823

async function setMaxPageCount(server: RunningServer, pages: number): Promise<void> {
  server.db.pragma(`max_page_count = ${pages}`)
  if (isSqliteBackend(server.backend)) await server.backend.writeThread?.pragma(`max_page_count = ${pages}`)
}

/** The file may not grow past its present size. */
export const fillDisk = (server: RunningServer) => setMaxPageCount(server, server.db.pragma('page_count', { simple: true }) as number)

/** The file may grow again. */
export const freeDisk = (server: RunningServer) => setMaxPageCount(server, NO_LIMIT)
