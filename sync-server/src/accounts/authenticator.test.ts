import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../storage/database.ts'
import type { Authenticator, User } from './accounts.ts'
import { createAuthenticator } from './authenticator.ts'
import { createSessions } from './sessions.ts'
import { createSqliteSyncTickets } from './sync-tickets.ts'
import { createSqliteAccounts } from './sqlite-accounts.ts'

let dir: string
let db: Db
let alice: User
let token: string
let auth: Authenticator
let cookie: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-auth-'))
  db = openDatabase(dir)
  const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  const org = await accounts.createOrg('Acme')
  alice = await accounts.createUser({ orgId: org.id, email: 'alice@acme.test', name: 'Alice', password: 'password1' })
  const sessions = createSessions(db, { ttlHours: 1 })
  token = (await sessions.create(alice.id)).token
  cookie = `theme=dark; parley_session=${token}; other=1`
  auth = createAuthenticator({ sessions, allowedOrigins: ['https://crm.example.com', 'http://localhost:5173/'], tickets: createSqliteSyncTickets(db, { ttlMs: 1000 }) })
})
afterAll(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('authenticator: tokens', () => {
  it('accepts a valid token with no Origin at all', async () => {
    expect((await auth.authenticate({ token }))?.user ?? null).toEqual(alice)
  })

  it('accepts a valid token from any Origin', async () => {
    expect((await auth.authenticate({ token, origin: 'https://evil.example', host: 'chat.example.com' }))?.user ?? null).toEqual(alice)
  })

  it('refuses an unknown token, and a bad token is not rescued by a good cookie', async () => {
    expect(await auth.authenticate({ token: 'nope' })).toBeNull()
    expect(await auth.authenticate({ token: 'nope', cookie, origin: 'https://chat.example.com', host: 'chat.example.com' })).toBeNull()
  })
})

describe('authenticator: the session cookie', () => {
  const cases: [string, { origin?: string; host?: string; scheme?: 'http' | 'https' }, boolean][] = [
    ['same origin', { origin: 'https://chat.example.com', host: 'chat.example.com', scheme: 'https' }, true],
    ['same origin with explicit port', { origin: 'http://localhost:8787', host: 'localhost:8787', scheme: 'http' }, true],
    ['same origin, http is the default scheme', { origin: 'http://localhost:8787', host: 'localhost:8787' }, true],
    ['same origin, default port written in Host', { origin: 'https://chat.example.com', host: 'chat.example.com:443', scheme: 'https' }, true],
    ['same origin, host in another case', { origin: 'https://chat.example.com', host: 'Chat.Example.COM', scheme: 'https' }, true],
    ['https page, relay reached over http', { origin: 'https://chat.example.com', host: 'chat.example.com', scheme: 'http' }, false],
    ['https page, relay reached over http on the same port', { origin: 'https://localhost:8787', host: 'localhost:8787' }, false],
    ['http page, relay reached over https', { origin: 'http://chat.example.com', host: 'chat.example.com', scheme: 'https' }, false],
    ['allowed origin', { origin: 'https://crm.example.com', host: 'chat.example.com' }, true],
    ['allowed origin listed with a trailing slash', { origin: 'http://localhost:5173', host: 'localhost:8787' }, true],
    ['missing Origin', { host: 'chat.example.com' }, false],
    ['foreign origin', { origin: 'https://evil.example', host: 'chat.example.com' }, false],
    ['same host, other port', { origin: 'http://localhost:9999', host: 'localhost:8787' }, false],
    ['same host, other scheme (default ports differ)', { origin: 'http://chat.example.com', host: 'chat.example.com:443', scheme: 'https' }, false],
    ['allowed host on another scheme', { origin: 'http://crm.example.com', host: 'chat.example.com' }, false],
    ['suffix trick', { origin: 'https://chat.example.com.evil.example', host: 'chat.example.com' }, false],
    ['Origin "null"', { origin: 'null', host: 'chat.example.com' }, false],
    ['unparseable Origin', { origin: '::::', host: 'chat.example.com' }, false],
    ['non-web scheme', { origin: 'file://', host: 'chat.example.com' }, false],
    ['missing Host', { origin: 'https://chat.example.com' }, false],
    ['Host with a path in it', { origin: 'https://chat.example.com', host: 'chat.example.com/x' }, false],
  ]
  for (const [name, where, ok] of cases) {
    it(`${ok ? 'accepts' : 'refuses'} the cookie: ${name}`, async () => {
      expect((await auth.authenticate({ cookie, ...where }))?.user ?? null).toEqual(ok ? alice : null)
    })
  }

  it('never throws on malformed Cookie headers', async () => {
    const origin = 'https://chat.example.com'
    const host = 'chat.example.com'
    const scheme = 'https'
    const headers = ['', ';;;', '=', 'parley_session', 'parley_session=', 'parley_session="', '%%%=%%%; parley_session=%E0%A4%A', 'a=b=c; =x', '\u0000\uffff']
    for (const header of headers) expect(await auth.authenticate({ cookie: header, origin, host, scheme })).toBeNull()
  })

  it('reads a quoted cookie value', async () => {
    expect((await auth.authenticate({ cookie: `parley_session="${token}"`, origin: 'https://chat.example.com', host: 'chat.example.com', scheme: 'https' }))?.user ?? null).toEqual(alice)
  })

  it('returns null with no credentials at all', async () => {
    expect(await auth.authenticate({})).toBeNull()
  })
})
