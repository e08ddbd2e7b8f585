// Presence does not flap: someone whose connection drops stays shown online for the grace
// period, a reconnect within it is seamless, and after it they are shown offline.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presenceRoom } from '@parley/protocol'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

// Wide enough that a reconnect fits inside it even on a saturated 2-core machine.
const GRACE_MS = 4000
let relay: TestRelay
let alice: Login, bob: Login
const clients: Client[] = []

beforeAll(async () => {
  relay = await startTestRelay({ presenceGraceMs: GRACE_MS })
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await relay.close()
})

const online = (client: Client, userId: string) =>
  [...client.provider.awareness.getStates().values()].some((s) => (s as { user?: { id?: string } }).user?.id === userId)

/** What a dead network looks like to the relay: the socket closes without a word from the client. */
const dropSocket = (client: Client) => (client.provider.ws as unknown as { terminate(): void }).terminate()

async function bothOnline() {
  const room = presenceRoom(alice.user.orgId)
  const a = connectClient(relay.syncUrl, room, alice.token)
  const b = connectClient(relay.syncUrl, room, bob.token)
  clients.push(a, b)
  a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'online' })
  b.provider.awareness.setLocalState({ user: { id: bob.user.id, name: 'Bob Brown' }, status: 'online' })
  await waitFor(() => online(a, bob.user.id), 'Alice to see Bob online')
  return { a, b }
}

describe('presence grace period', () => {
  it('keeps someone online across a short drop and shows them offline after the grace period', async () => {
    const { a, b } = await bothOnline()
    let removals = 0
    a.provider.awareness.on('change', () => {
      if (!online(a, bob.user.id)) removals++
    })

    // A short drop: the socket dies (no goodbye from the client) and the provider reconnects.
    const statuses: string[] = []
    b.provider.on('status', ({ status }: { status: string }) => statuses.push(status))
    dropSocket(b)
    await waitFor(() => statuses.includes('disconnected') && statuses.at(-1) === 'connected', 'Bob to drop and come back')
    await waitFor(() => b.provider.synced, 'Bob to resync')
    expect(removals).toBe(0)
    expect(online(a, bob.user.id)).toBe(true)

    // A long drop: after the grace period Bob is shown offline.
    b.provider.shouldConnect = false
    const droppedAt = Date.now()
    dropSocket(b)
    await waitFor(() => !online(a, bob.user.id), 'Bob to be shown offline', GRACE_MS * 4)
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS * 0.9)

    // Back after the grace period: the stock client re-sends its unchanged state (same clock),
    // and Alice sees Bob online again at once, not at his next awareness renewal (15 s).
    b.provider.connect()
    await waitFor(() => online(a, bob.user.id), 'Bob to be shown online again', 5000)
  })
})
