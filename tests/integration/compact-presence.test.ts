// Compact presence (`?presence=compact`, docs/protocol.md): a client that opts in gets everyone
// in one message when it joins, then joins, leaves and changed states, but no unchanged renewals;
// a renewal of its own that changed nothing is answered with an empty awareness message. A stock
// client in the same room still gets every renewal.

import { beforeAll, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { COMPACT_PRESENCE, CloseCode, PRESENCE_PARAM, encodeAwareness, presenceRoom, readFrame } from '@parley/protocol'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { openRawSocket, type RawSocket } from '../support/raw-socket.ts'
import { waitFor } from '../support/wait.ts'
import type { Client } from '../support/yclient.ts'

const fx = useRelay()
let alice: Login, bob: Login, carol: Login, dave: Login, erin: Login

beforeAll(async () => {
  ;[alice, bob, carol, dave, erin] = await fx.relay.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test', 'dave@acme.test', 'erin@acme.test')
})

interface Entry {
  client: number
  clock: number
  state: { user?: { id?: string }; status?: string } | null
}

/** The awareness messages a raw socket received, each as its entries. */
function awarenessMessages(socket: RawSocket): Entry[][] {
  const messages: Entry[][] = []
  for (const bytes of socket.frames) {
    const frame = readFrame(bytes)
    if (frame.type !== 'awareness') continue
    const decoder = decoding.createDecoder(frame.payload)
    const entries: Entry[] = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      entries.push({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: JSON.parse(decoding.readVarString(decoder)) })
    }
    messages.push(entries)
  }
  return messages
}
const entriesOf = (socket: RawSocket) => awarenessMessages(socket).flat()

function rawAwareness(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, clientId)
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarString(encoder, JSON.stringify(state))
  return encodeAwareness(encoding.toUint8Array(encoder))
}

const room = () => presenceRoom(alice.user.orgId)
const socketUrl = (login: Login, compact: boolean) =>
  `${fx.relay.syncUrl}/${room()}?token=${encodeURIComponent(login.token)}${compact ? `&${PRESENCE_PARAM}=${COMPACT_PRESENCE}` : ''}`

async function online(login: Login, options: { compact?: boolean } = {}): Promise<Client> {
  const client = fx.open(room(), login.token, options.compact ? { params: { [PRESENCE_PARAM]: COMPACT_PRESENCE } } : {})
  client.provider.awareness.setLocalState({ user: { id: login.user.id, name: login.user.name }, status: 'online' })
  await client.synced()
  return client
}
const sees = (client: Client, userId: string, status = 'online') =>
  [...client.provider.awareness.getStates().values()].some((s) => (s as Entry['state'])?.user?.id === userId && (s as Entry['state'])?.status === status)

describe('compact presence', () => {
  it('gives a compact client everyone at once, then joins, changes and leaves but no unchanged renewals', async () => {
    const b = await online(bob)
    const c = await online(carol)
    await waitFor(() => sees(b, carol.user.id) && sees(c, bob.user.id), 'Bob and Carol to see each other')
    const bobId = b.provider.awareness.clientID
    const carolId = c.provider.awareness.clientID

    // Alice joins compact: one message with both of them.
    const a = openRawSocket(socketUrl(alice, true))
    await a.opened
    const roster = await waitFor(() => awarenessMessages(a)[0], 'the roster')
    expect(roster.map((e) => e.client).sort()).toEqual([bobId, carolId].sort())

    // Bob renews his unchanged state: Carol (stock) gets it, Alice (compact) does not.
    b.provider.awareness.setLocalState({ ...b.provider.awareness.getLocalState() })
    const renewed = b.provider.awareness.meta.get(bobId)!.clock
    await waitFor(() => (c.provider.awareness.meta.get(bobId)?.clock ?? 0) >= renewed, 'Carol to get the renewal')
    // Then he changes it: Alice gets that, and (frames keep their order) never got the renewal.
    b.provider.awareness.setLocalStateField('status', 'away')
    await waitFor(() => entriesOf(a).some((e) => e.client === bobId && e.state?.status === 'away'), 'Alice to see Bob away')
    expect(entriesOf(a).filter((e) => e.client === bobId).map((e) => e.clock)).not.toContain(renewed)

    // A join and a leave reach her too.
    const d = await online(dave)
    const daveId = d.provider.awareness.clientID
    await waitFor(() => entriesOf(a).some((e) => e.client === daveId && e.state?.status === 'online'), 'Alice to see Dave join')
    c.provider.disconnect()
    await waitFor(() => entriesOf(a).some((e) => e.client === carolId && e.state === null), 'Alice to see Carol leave')
    a.ws.close()
  })

  it('answers a compact client’s unchanged renewal with an empty awareness message, and echoes a stock one', async () => {
    const compact = openRawSocket(socketUrl(erin, true))
    const stock = openRawSocket(socketUrl(dave, false))
    await Promise.all([compact.opened, stock.opened])
    const erinState = { user: { id: erin.user.id, name: erin.user.name }, status: 'online' }
    const daveState = { user: { id: dave.user.id, name: dave.user.name }, status: 'online' }
    compact.ws.send(rawAwareness(1001, 1, erinState))
    stock.ws.send(rawAwareness(1002, 1, daveState))
    await waitFor(() => entriesOf(compact).some((e) => e.client === 1002) && entriesOf(stock).some((e) => e.client === 1001), 'both to see each other')

    const emptyBefore = awarenessMessages(compact).filter((m) => m.length === 0).length
    compact.ws.send(rawAwareness(1001, 2, erinState))
    stock.ws.send(rawAwareness(1002, 2, daveState))
    await waitFor(() => awarenessMessages(compact).filter((m) => m.length === 0).length > emptyBefore, 'Erin to get an empty awareness message')
    await waitFor(() => entriesOf(stock).some((e) => e.client === 1002 && e.clock === 2), 'Dave to get his renewal echoed')
    // Erin renewed; Dave (stock) sees that, Erin herself gets no copy of Dave's renewal.
    await waitFor(() => entriesOf(stock).some((e) => e.client === 1001 && e.clock === 2), 'Dave to get Erin’s renewal')
    expect(entriesOf(compact).filter((e) => e.client === 1002).map((e) => e.clock)).toEqual([1])
    compact.ws.close()
    stock.ws.close()
  })

  it('closes only a compact client that sends a malformed awareness message', async () => {
    const bystander = await online(bob, { compact: true })
    const hostile = openRawSocket(socketUrl(dave, true))
    await hostile.opened
    hostile.ws.send(encodeAwareness(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])))
    expect((await hostile.closed).code).toBe(CloseCode.overLimit)
    bystander.provider.awareness.setLocalStateField('status', 'busy')
    const watcher = openRawSocket(socketUrl(erin, true))
    await waitFor(() => entriesOf(watcher).some((e) => e.state?.user?.id === bob.user.id && e.state.status === 'busy'), 'the room to carry on')
    expect(bystander.closes).toEqual([])
    watcher.ws.close()
    bystander.provider.disconnect()
  })

  it('works with the stock y-websocket provider asking for it, as the app does', async () => {
    const [f, g] = [await online(bob, { compact: true }), await online(carol)]
    await waitFor(() => sees(f, carol.user.id), 'Bob (compact) to see Carol')
    g.provider.awareness.setLocalStateField('status', 'away')
    await waitFor(() => sees(f, carol.user.id, 'away'), 'Bob to see Carol away')
    g.provider.disconnect()
    await waitFor(() => !sees(f, carol.user.id, 'away'), 'Bob to see Carol leave')
  })
})
