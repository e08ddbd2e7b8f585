// Registers a bench population in a Parley PostgreSQL database, through the relay's own
// PostgreSQL backend (storage/postgres/backend.ts, docs/scaling.md): organizations and people
// through its accounts, tokens through its sessions. Opening the backend runs the migrations
// (under PostgreSQL's advisory lock), so the relays find the schema in place.
//
// The backend is loaded by path at run time, so that this file typechecks, and the harness
// runs, in a checkout whose relay has no PostgreSQL backend yet; such a checkout gets an error
// that says so instead of a bench of SQLite under another name.

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLogger } from '../../../sync-server/src/log.ts'
import type { Population } from './population.ts'

export const POSTGRES_BACKEND = 'sync-server/src/storage/postgres/backend.ts'

/** What the harness uses of the backend (its interface is in storage/backend.ts). */
interface PostgresBackend {
  accounts: {
    createOrg(name: string): Promise<{ id: string }>
    createUser(input: { orgId: string; email: string; name: string; password: string }, options?: { allowShortPassword?: boolean }): Promise<{ id: string }>
  }
  sessions: { create(userId: string): Promise<{ token: string }> }
  close(): Promise<void>
}
type Open = (url: string, options: { scryptCost: number; sessionTtlHours: number; log: ReturnType<typeof createLogger> }) => Promise<PostgresBackend>

/** Nobody logs in with it: the bench hands the relay's own session tokens to its clients. */
const BENCH_PASSWORD = 'bench-password-not-used'
/** People created at once: each is one scrypt hash (cheap at this cost) and a few round trips. */
const CONCURRENCY = 16

/** Whether the relay in `root` has a PostgreSQL backend to run on. */
export const hasPostgresBackend = (root: string): boolean => fs.existsSync(path.join(root, POSTGRES_BACKEND))

export async function registerParleyUsersPg(root: string, url: string, population: Population): Promise<void> {
  const file = path.join(root, POSTGRES_BACKEND)
  const module = hasPostgresBackend(root) ? ((await import(pathToFileURL(file).href)) as { openPostgresBackend?: Open }) : {}
  if (typeof module.openPostgresBackend !== 'function') {
    throw new Error(`this checkout's relay cannot run on PostgreSQL: ${POSTGRES_BACKEND} with openPostgresBackend() is missing (issue 10's storage work)`)
  }
  const backend = await module.openPostgresBackend(url, { scryptCost: 1024, sessionTtlHours: 24, log: createLogger('silent') })
  try {
    for (const org of population.orgs) {
      const created = await backend.accounts.createOrg(org.name)
      for (const user of population.users) if (user.orgId === org.id) user.orgId = created.id
      org.id = created.id
    }
    let next = 0
    const worker = async () => {
      while (next < population.users.length) {
        const user = population.users[next++]!
        const created = await backend.accounts.createUser(
          { orgId: user.orgId, email: user.email, name: user.name, password: BENCH_PASSWORD },
          { allowShortPassword: true },
        )
        user.id = created.id // chats hold the same objects, so their members follow
        user.token = (await backend.sessions.create(user.id)).token
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  } finally {
    await backend.close()
  }
}
