// Test fixture (not used by the relay): a createHttpApp over a real SQLite file in a temp
// folder, with a cheap scrypt cost, plus helpers to make people and log them in.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { Accounts, User } from '../accounts/accounts.ts'
import { createAuthenticator } from '../accounts/authenticator.ts'
import type { Sessions } from '../accounts/sessions.ts'
import { createChatHistory } from '../chats/chat-history.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import { createEpochRenderer } from '../chats/epoch-renderer.ts'
import { loadConfig, type Config } from '../config.ts'
import type { HostPeople } from '../host/host-people.ts'
import { createHostTokenVerifierFor } from '../host/host-token.ts'
import { createRecordDirectory } from '../records/create-directory.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import { sqliteBackendOn, type SqliteBackend } from '../storage/sqlite-backend.ts'
import { createHttpApp } from './app.ts'

export const TEST_PASSWORD = 'correct horse battery'

export interface TestApp {
  app: ReturnType<typeof createHttpApp>
  config: Config
  db: Db
  backend: SqliteBackend
  accounts: Accounts
  sessions: Sessions
  chats: ChatIndex
  hostPeople: HostPeople
  /** JSON lines the app logged. */
  logs: string[]
  addUser(orgName: string, email: string, name: string): Promise<User>
  /** Logs in through POST /api/login and returns the token. */
  login(email: string, password?: string): Promise<string>
  close(): void
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-http-'))
  const config = loadConfig({}, { dataDir, scryptCost: 1024, webDist: path.join(dataDir, 'no-web-build'), ...overrides })
  const db = openDatabase(config.dataDir)
  const backend = sqliteBackendOn(db, config)
  const { accounts, sessions, chats, hostPeople } = backend
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString())
      done()
    },
  })
  const log = pino({ level: 'info' }, sink)
  const records = createRecordDirectory({ config, stored: backend.recordDirectory, accounts, log })
  const hostTokens = createHostTokenVerifierFor(config)
  const tickets = backend.syncTickets({ ttlMs: config.syncTicketTtlMs })
  const authenticator = createAuthenticator({ sessions, allowedOrigins: config.allowedOrigins, tickets })
  const renderer = createEpochRenderer()
  const history = createChatHistory({ chats, store: backend.docs, renderer, cacheBytes: config.historyCacheMb * 1024 * 1024 })
  const app = createHttpApp({ config, accounts, sessions, chats, history, records, log, authenticator, tickets, hostTokens, hostPeople })

  return {
    app,
    config,
    db,
    backend,
    accounts,
    sessions,
    chats,
    hostPeople,
    logs,
    async addUser(orgName, email, name) {
      const org = (await accounts.orgByName(orgName)) ?? (await accounts.createOrg(orgName))
      return accounts.createUser({ orgId: org.id, email, name, password: TEST_PASSWORD })
    },
    async login(email, password = TEST_PASSWORD) {
      const res = await app.request('/api/login', { method: 'POST', body: JSON.stringify({ email, password }) })
      if (res.status !== 200) throw new Error(`login of ${email} failed with ${res.status}: ${await res.text()}`)
      const body = (await res.json()) as { token: string }
      return body.token
    },
    close() {
      void renderer.close()
      if (db.open) db.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
