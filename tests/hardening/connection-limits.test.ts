// Item 6 of the hardening issue: a flood of half-open connections with slow headers from one
// address does not stop a real person from signing in and syncing, nor cut off people already
// signed in; the flood's connections are bounded per address and closed within the handshake
// timeout. The relay runs in its own process with a small open-file limit, so that today's
// unbounded relay runs out of descriptors exactly as it did at 20,000 in the review.

import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inboxRoom } from '@parley/protocol'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../support/relay-process.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const FILE_LIMIT = 300
const FLOOD = 400
const PER_IP = 64
const HANDSHAKE_MS = 2000
/** Linux routes all of 127.0.0.0/8 to loopback: the attacker is another address on this machine. */
const ATTACKER_ADDRESS = '127.0.0.2'

let relay: RelayProcess
const clients: Client[] = []
const attack: net.Socket[] = []

beforeAll(async () => {
  relay = await startRelayProcess({
    fileLimit: FILE_LIMIT,
    env: { PARLEY_MAX_PENDING_PER_IP: String(PER_IP), PARLEY_HANDSHAKE_TIMEOUT_MS: String(HANDSHAKE_MS) },
  })
})
afterAll(async () => {
  for (const socket of attack) socket.destroy()
  for (const client of clients) client.destroy()
  await relay?.stop()
  if (relay) removeDataDir(relay.dataDir)
})

async function login(email: string) {
  const res = await fetch(`${relay.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'parley' }),
    signal: AbortSignal.timeout(5000),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { token: string; user: { id: string } }
}

/** A connection that starts a request and never finishes its headers. */
function slowHeaders() {
  const state = { connected: false, closed: false }
  const socket = net.connect({ host: '127.0.0.1', port: relay.port, localAddress: ATTACKER_ADDRESS })
  socket.on('connect', () => {
    state.connected = true
    socket.write(`GET /sync/presence/x HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\n`)
  })
  socket.on('error', () => {})
  socket.resume() // read what the relay answers (a 408), so that its close reaches us
  socket.on('close', () => (state.closed = true))
  attack.push(socket)
  return state
}

describe('connection limits', () => {
  it('keep the relay reachable during a slow-header flood from one address, and end the flood', async () => {
    const bob = await login('bob@acme.test')
    const bobInbox = connectClient(`${relay.url.replace(/^http/, 'ws')}/sync`, inboxRoom(bob.user.id), bob.token)
    clients.push(bobInbox)
    await bobInbox.synced()

    const flood = Array.from({ length: FLOOD }, slowHeaders)
    await waitFor(() => flood.every((s) => s.connected || s.closed), 'every flood connection to be answered')
    const held = () => flood.filter((s) => s.connected && !s.closed).length

    // While the flood holds what it may: a real person signs in and syncs.
    const alice = await login('alice@acme.test')
    const aliceInbox = connectClient(`${relay.url.replace(/^http/, 'ws')}/sync`, inboxRoom(alice.user.id), alice.token)
    clients.push(aliceInbox)
    await aliceInbox.synced()
    // Bob, signed in before the flood, was never disconnected.
    expect(bobInbox.closes).toEqual([])
    expect(bobInbox.provider.wsconnected).toBe(true)
    // The flood keeps no more than its share.
    await waitFor(() => held() <= PER_IP, `the relay to hold at most ${PER_IP} of the flood's connections`, 5000)

    // Slow headers are cut off after the handshake timeout (checked every quarter of it).
    await waitFor(() => held() === 0, 'the relay to close the slow connections', 3 * HANDSHAKE_MS)
    expect(relay.child.exitCode).toBeNull()
    expect((await fetch(`${relay.url}/api/health`)).status).toBe(200)
  })
})
