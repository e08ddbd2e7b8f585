// Item 12 of the hardening issue, at the relay: a page on another origin opens a WebSocket with
// a ticket from POST /api/sync-tickets instead of its session token. A ticket opens one socket,
// expires within seconds, and is worth nothing once its session has ended; `?token=` still works
// for clients without a page. (web-app-csp.test.ts checks the web app's own socket URLs.)

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, inboxRoom } from '@parley/protocol'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, connectClient, type Client } from '../support/yclient.ts'

const TTL_MS = 1000
let relay: TestRelay
let alice: Login
const clients: Client[] = []

beforeAll(async () => {
  relay = await startTestRelay({ syncTicketTtlMs: TTL_MS, sessionCheckMs: 100 })
  alice = await relay.login('alice@acme.test')
})
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
})
afterAll(() => relay?.close())

async function ticketFor(token: string) {
  const res = await fetch(`${relay.url}/api/sync-tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as { ticket: string; expiresAt: number }
}

/** A stock client of the person's inbox with `?ticket=` and no token. */
function openWithTicket(login: Login, ticket: string) {
  const client = connectClient(relay.syncUrl, inboxRoom(login.user.id), null, { params: { ticket } })
  clients.push(client)
  return client
}

describe('sync tickets', () => {
  it('are issued to a signed-in caller only, and expire within seconds', async () => {
    expect((await fetch(`${relay.url}/api/sync-tickets`, { method: 'POST' })).status).toBe(401)
    const before = Date.now()
    const { ticket, expiresAt } = await ticketFor(alice.token)
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/u)
    expect(ticket).not.toBe(alice.token)
    expect(expiresAt).toBeGreaterThan(before)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TTL_MS)
  })

  it('open one socket, once', async () => {
    const { ticket } = await ticketFor(alice.token)
    const first = openWithTicket(alice, ticket)
    await first.synced()
    const again = openWithTicket(alice, ticket)
    expect(await closedWith(again)).toBe(CloseCode.unauthorized)
    expect(first.closes).toEqual([])
  })

  it('are refused once expired', async () => {
    const { ticket, expiresAt } = await ticketFor(alice.token)
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 20))
    expect(await closedWith(openWithTicket(alice, ticket))).toBe(CloseCode.unauthorized)
  })

  it('end with their session: unused ones are refused and sockets opened with one are closed', async () => {
    const bob = await relay.login('bob@acme.test')
    const used = await ticketFor(bob.token)
    const unused = await ticketFor(bob.token)
    const open = openWithTicket(bob, used.ticket)
    await open.synced()
    expect((await fetch(`${relay.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` } })).status).toBe(200)
    expect(await closedWith(open, 'the relay to close the socket of the ended session')).toBe(CloseCode.unauthorized)
    expect(await closedWith(openWithTicket(bob, unused.ticket))).toBe(CloseCode.unauthorized)
  })

  it('leave ?token= working for clients without a page', async () => {
    const client = connectClient(relay.syncUrl, inboxRoom(alice.user.id), alice.token)
    clients.push(client)
    await client.synced()
    await waitFor(() => client.provider.wsconnected, 'the token client to stay connected')
  })
})
