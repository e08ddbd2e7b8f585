// A real relay for tests: in this process, on port 0, with its SQLite file in a fresh temp folder
// and the demo organizations seeded (with a cheap scrypt cost so that logins are fast).

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, type Config } from '../../sync-server/src/config.ts'
import { startServer, type RunningServer } from '../../sync-server/src/server.ts'

export interface Login {
  token: string
  user: { id: string; orgId: string; name: string; email: string }
}

export interface TestRelay {
  server: RunningServer
  url: string
  /** ws://… base for y-websocket providers (append `/<room>`). */
  syncUrl: string
  dataDir: string
  login(email: string, password?: string): Promise<Login>
  /** Logs in several people, one after another: `const [alice, bob] = await relay.logins('alice@…', 'bob@…')`. */
  logins<const E extends readonly string[]>(...emails: E): Promise<{ [K in keyof E]: Login }>
  /** Stops this relay and starts a new one on the same data folder (and the same port). */
  restart(): Promise<void>
  close(): Promise<void>
}

export const tempDir = (prefix = 'parley-test-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

export async function startTestRelay(overrides: Partial<Config> = {}): Promise<TestRelay> {
  const dataDir = overrides.dataDir ?? tempDir()
  const configFor = (port: number) =>
    // Every test signs in from 127.0.0.1: the per-address throttle is tested on its own
    // (tests/hardening/login-throttling.test.ts) and kept out of the way of the others.
    loadConfig({}, { port, dataDir, demo: true, scryptCost: 1024, logLevel: 'silent', presenceGraceMs: 0, loginAttemptsPerIp: 100_000, ...overrides })
  let server = await startServer(configFor(0))
  const relay: TestRelay = {
    server,
    url: server.url,
    syncUrl: server.url.replace(/^http/, 'ws') + '/sync',
    dataDir,
    async login(email, password = 'parley') {
      const res = await fetch(`${relay.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      if (!res.ok) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`)
      return (await res.json()) as Login
    },
    async logins(...emails) {
      // One at a time: the relay checks at most 4 passwords at once per address and answers the
      // fifth with 429 (accounts/login-throttle.ts).
      const logins: Login[] = []
      for (const email of emails) logins.push(await relay.login(email))
      return logins as never
    },
    async restart() {
      const port = server.port
      await server.close()
      server = await startServer(configFor(port))
      relay.server = server
    },
    async close() {
      await server.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return relay
}
