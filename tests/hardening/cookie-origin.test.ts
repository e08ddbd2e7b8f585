// Item 11 of the hardening issue: the session cookie's Origin check compares scheme, host and
// port. An http:// relay does not take the cookie from an https:// page of the same host (nor
// the other way round); behind PARLEY_TRUST_PROXY the scheme comes from X-Forwarded-Proto.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, encodeSyncStep1, inboxRoom } from '@parley/protocol'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'

let relay: TestRelay
let proxied: TestRelay
let alice: Login

beforeAll(async () => {
  relay = await startTestRelay()
  proxied = await startTestRelay({ trustProxy: true })
  alice = await relay.login('alice@acme.test')
})
afterAll(async () => {
  await relay?.close()
  await proxied?.close()
})

const syncStep1 = () => encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))
const host = (r: TestRelay) => new URL(r.url).host
/** Opens the person's inbox with the cookie alone: 'open' once the relay answers sync step 1, else the close code. */
const openWithCookie = async (r: TestRelay, login: Login, origin: string, extra: Record<string, string> = {}) => {
  const socket = openRawSocket(`${r.syncUrl}/${inboxRoom(login.user.id)}`, { cookie: `parley_session=${login.token}`, origin, ...extra })
  await socket.opened
  socket.ws.send(syncStep1())
  const outcome = await Promise.race([
    socket.closed,
    new Promise<'open'>((resolve) => socket.ws.once('message', () => resolve('open'))),
  ])
  socket.ws.terminate()
  return outcome === 'open' ? 'open' : outcome.code
}

describe('the cookie Origin check at the WebSocket upgrade', () => {
  it('accepts the relay\'s own http:// page', async () => {
    expect(await openWithCookie(relay, alice, `http://${host(relay)}`)).toBe('open')
  })

  it('refuses an https:// page of the same host and port on an http:// relay', async () => {
    expect(await openWithCookie(relay, alice, `https://${host(relay)}`)).toBe(CloseCode.unauthorized)
  })

  it('believes X-Forwarded-Proto only behind a trusted proxy', async () => {
    const viaProxy = await proxied.login('alice@acme.test')
    const https = `https://${host(proxied)}`
    expect(await openWithCookie(proxied, viaProxy, https, { 'x-forwarded-proto': 'https' })).toBe('open')
    expect(await openWithCookie(proxied, viaProxy, `http://${host(proxied)}`, { 'x-forwarded-proto': 'https' })).toBe(CloseCode.unauthorized)
    expect(await openWithCookie(relay, alice, `https://${host(relay)}`, { 'x-forwarded-proto': 'https' })).toBe(CloseCode.unauthorized)
  })
})

describe('the cookie Origin check over HTTP', () => {
  const me = (origin: string) =>
    fetch(`${relay.url}/api/me`, { method: 'GET', headers: { cookie: `parley_session=${alice.token}`, origin } })

  it('accepts the relay\'s own page and refuses the https:// twin', async () => {
    expect((await me(`http://${host(relay)}`)).status).toBe(200)
    const twin = await me(`https://${host(relay)}`)
    expect(twin.status).toBe(401)
    expect(await twin.json()).toMatchObject({ error: 'unauthorized' })
  })

  it('refuses a login from the https:// twin (login CSRF)', async () => {
    const res = await fetch(`${relay.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://${host(relay)}` },
      body: JSON.stringify({ email: 'alice@acme.test', password: 'parley' }),
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'forbidden_origin' })
  })
})
