// The multi-process section's guard: a Parley relay that runs on SQLite, whatever it was told,
// must fail the round with the reason rather than be measured as "Parley PG+Redis". The relay
// here is started with no PARLEY_DATABASE_URL at all, so it stands for any relay that ignores it.

import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, relayServer } from './arms.ts'
import { freePort, startServer, type ServerProcess } from './proc.ts'
import { checkParleyBackends } from './scale-arms.ts'
import { removeDir, tempDir } from './workload.ts'

let server: ServerProcess | null = null
let dir: string | null = null

afterEach(async () => {
  await server?.stop()
  if (dir) removeDir(dir)
  server = null
  dir = null
})

describe('checkParleyBackends', () => {
  it('refuses a relay that opened SQLite in its data folder', { timeout: 60_000 }, async () => {
    dir = tempDir('scale-guard')
    server = await startServer(relayServer(ROOT)(dir), await freePort())
    await expect(checkParleyBackends({ dirs: [dir], servers: [server] }, 'redis://127.0.0.1:1')).rejects.toThrow(
      /relay 1 ignored PARLEY_DATABASE_URL: it opened SQLite \(parley\.db in its data folder\)/,
    )
  })
})
