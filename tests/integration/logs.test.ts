// What the relay logs: one JSON access line per HTTP request and per WebSocket session, each with
// a request id; security events (a failed login, 4401, 4403 with the rule) at warn; and never a
// token, a password or the text of a message.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { startLoggedRelay, type LoggedRelay } from '../support/logged-relay.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient } from '../support/yclient.ts'

const WARN = 40
let relay: LoggedRelay

beforeAll(async () => {
  relay = await startLoggedRelay()
})
afterAll(() => relay.close())

interface LoginAnswer {
  token: string
  user: { id: string; orgId: string }
}

const PASSWORD = 'sesame-9f3c-passphrase'

describe('relay logs', () => {
  it('write an access line per request and per socket session, and no token, password or message text', async () => {
    const acme = (await relay.server.accounts.orgByName('Acme Recruiting'))!
    await relay.server.accounts.createUser({ orgId: acme.id, email: 'ivy@acme.test', name: 'Ivy', password: PASSWORD })
    const [alice, bob] = (await Promise.all([relay.login('ivy@acme.test', PASSWORD), relay.login('bob@acme.test')].map(async (r) => (await r).json()))) as LoginAnswer[]
    const secret = 'the merger closes friday'
    const { doc, chatId } = newChatDoc(alice!.user.id, bob!.user.id)
    const writer = connectClient(relay.syncUrl, chatRoom(chatId), alice!.token, { doc })
    const reader = connectClient(relay.syncUrl, chatRoom(chatId), bob!.token)
    await Promise.all([writer.synced(), reader.synced()])
    say(doc, alice!.user.id, secret)
    await waitFor(() => texts(reader.doc).includes(secret), 'the message to reach Bob')
    writer.destroy()
    reader.destroy()
    await waitFor(() => relay.lines.filter((l) => l.event === 'ws_session').length >= 2, 'two session lines')

    const http = relay.lines.find((l) => l.event === 'http' && l.route === '/api/login')
    expect(http).toMatchObject({ method: 'POST', status: 200, requestId: expect.any(String), ms: expect.any(Number) })
    const session = relay.lines.find((l) => l.event === 'ws_session' && l.user === alice!.user.id)
    expect(session).toMatchObject({ room: 'chat', requestId: expect.any(String), closedBy: 'client', ms: expect.any(Number) })
    expect(session!.bytesIn).toBeGreaterThan(0)
    expect(session!.bytesOut).toBeGreaterThan(0)

    const everything = relay.raw()
    for (const forbidden of [alice!.token, bob!.token, PASSWORD, secret]) expect(everything).not.toContain(forbidden)
  })

  it('echo a proxy’s X-Request-Id', async () => {
    const res = await fetch(`${relay.server.url}/api/health`, { headers: { 'X-Request-Id': 'proxy-42' } })
    expect(res.headers.get('x-request-id')).toBe('proxy-42')
    expect(relay.lines.find((l) => l.event === 'http' && l.requestId === 'proxy-42')).toMatchObject({ path: '/api/health', status: 200 })
  })

  it('warn of a failed login, a refused upgrade and a refused room, with the rule', async () => {
    expect((await relay.login('alice@acme.test', 'not her password')).status).toBe(401)
    const failed = relay.lines.find((l) => l.event === 'login_failed')
    expect(failed).toMatchObject({ level: WARN, email: 'alice@acme.test' })
    expect(relay.raw()).not.toContain('not her password')

    const anonymous = openRawSocket(`${relay.syncUrl}/presence/x?token=forged-token-value`)
    expect((await anonymous.closed).code).toBe(CloseCode.unauthorized)
    expect(relay.lines.find((l) => l.event === 'upgrade_refused' && l.code === CloseCode.unauthorized)).toMatchObject({ level: WARN })
    expect(relay.raw()).not.toContain('forged-token-value')

    const alice = (await (await relay.login('alice@acme.test')).json()) as LoginAnswer
    const gina = (await (await relay.login('gina@globex.test')).json()) as LoginAnswer
    const outsider = openRawSocket(`${relay.syncUrl}/presence/${alice.user.orgId}?token=${gina.token}`)
    expect((await outsider.closed).code).toBe(CloseCode.forbidden)
    expect(relay.lines.find((l) => l.event === 'upgrade_refused' && l.code === CloseCode.forbidden)).toMatchObject({ level: WARN, user: gina.user.id, rule: 'room access' })

    const garbled = openRawSocket(`${relay.syncUrl}/presence/${alice.user.orgId}?token=${alice.token}`)
    await garbled.opened
    garbled.ws.send(new Uint8Array([99]))
    expect((await garbled.closed).code).toBe(CloseCode.malformed)
    await waitFor(() => relay.lines.find((l) => l.event === 'refused' && l.code === CloseCode.malformed), 'the refusal')
    // No line repeats a key: pino writes a child's bindings and the call's fields side by side.
    for (const line of relay.raw().trim().split('\n')) {
      const topLevel = [...line.matchAll(/"([a-zA-Z]+)":/g)].filter((m) => line.lastIndexOf('{', m.index) === 0).map((m) => m[1])
      expect(new Set(topLevel).size, line).toBe(topLevel.length)
    }
  })
})
