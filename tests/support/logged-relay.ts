// A test relay whose JSON log lines are kept in memory, for tests about what the relay logs.

import { Writable } from 'node:stream'
import { pino } from 'pino'
import { loadConfig, type Config } from '../../sync-server/src/config.ts'
import { startServer, type RunningServer } from '../../sync-server/src/server.ts'
import { tempDir } from './relay.ts'

export interface LoggedRelay {
  server: RunningServer
  syncUrl: string
  /** Every line logged so far, parsed. */
  lines: Array<Record<string, unknown>>
  /** Every line logged so far, as written. */
  raw(): string
  login(email: string, password?: string): Promise<Response>
  close(): Promise<void>
}

export async function startLoggedRelay(overrides: Partial<Config> = {}): Promise<LoggedRelay> {
  const written: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString())
      done()
    },
  })
  const config = loadConfig({}, { port: 0, dataDir: tempDir(), demo: true, scryptCost: 1024, presenceGraceMs: 0, ...overrides })
  const server = await startServer(config, pino({ level: 'info', base: { app: 'parley' } }, sink))
  return {
    server,
    syncUrl: server.url.replace(/^http/, 'ws') + '/sync',
    get lines() {
      return written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
    },
    raw: () => written.join(''),
    login: (email, password = 'parley') =>
      fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }),
    close: () => server.close(),
  }
}
