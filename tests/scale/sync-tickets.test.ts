// Sync tickets behind a round-robin balancer: the embedded panel asks one relay for a ticket
// (POST /api/sync-tickets) and its WebSocket lands on another. The ticket lives in PostgreSQL, so
// the other relay accepts it, once: used again anywhere, or redeemed by two relays at once, it
// opens exactly one socket. Refusals are watched on bare sockets that send nothing, so that what
// they see is the relay's verdict alone.

import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, inboxRoom } from '@parley/protocol'
import { openRawSocket, type RawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import type { ClusterRelay } from './support/cluster.ts'
import { useCluster } from './support/use-cluster.ts'

const fx = useCluster({ relays: 2 })
const A = () => fx.relay('A')
const B = () => fx.relay('B')
let alice: Login
const sockets: RawSocket[] = []

beforeAll(async () => {
  alice = await fx.cluster.login('alice@acme.test', A())
})
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.ws.terminate()
})

async function ticketFrom(relay: ClusterRelay): Promise<string> {
  const res = await fetch(`${relay.url}/api/sync-tickets`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { ticket: string }).ticket
}

/** Opens Alice's inbox on `relay` with `?ticket=` and tells whether the relay let it in (its first frame) or closed it. */
async function verdict(relay: ClusterRelay, ticket: string): Promise<'accepted' | number> {
  const socket = openRawSocket(`${relay.syncUrl}/${inboxRoom(alice.user.id)}?ticket=${encodeURIComponent(ticket)}`)
  sockets.push(socket)
  let closedWith: number | null = null
  void socket.closed.then(({ code }) => (closedWith = code))
  await waitFor(() => socket.frames.length > 0 || closedWith !== null, `relay ${relay.name} to accept or refuse the ticket`)
  return socket.frames.length > 0 ? 'accepted' : closedWith!
}

describe('a sync ticket across relays', () => {
  it('issued on A opens a stock client on B, and nothing after', async () => {
    const ticket = await ticketFrom(A())
    const panel = fx.open(B(), inboxRoom(alice.user.id), null, { params: { ticket } })
    await panel.synced()
    expect(await verdict(A(), ticket)).toBe(CloseCode.unauthorized)
    expect(await verdict(B(), ticket)).toBe(CloseCode.unauthorized)
    expect(panel.closes).toEqual([])
  })

  it('redeemed on A and B at once opens exactly one socket', async () => {
    for (let round = 0; round < 5; round++) {
      const ticket = await ticketFrom(round % 2 ? A() : B())
      const verdicts = await Promise.all([verdict(A(), ticket), verdict(B(), ticket)])
      expect(verdicts.sort()).toEqual([CloseCode.unauthorized, 'accepted'].sort())
    }
  })
})
