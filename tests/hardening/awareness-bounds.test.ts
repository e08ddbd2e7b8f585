// Issue 9, items 1 and 8: awareness is bounded and can never stop the relay. Before, one state
// that JSON.parse accepts but that cannot be stringified again (arrays nested 200,000 deep)
// stopped the process at the next join; 10,000 made-up awareness ids from one socket were all
// fanned out; a 1 MiB state reached the other member; and a member could take another's
// awareness id (read off their messages) before that person published, silencing them.

import * as Y from 'yjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom, presenceRoom } from '@parley/protocol'
import { newChatDoc, say } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { awarenessFrame, useRelayProcess } from './support/hostile.ts'

const fx = useRelayProcess()
let alice: Login, bob: Login

beforeAll(async () => {
  alice = await fx.login('alice@acme.test')
  bob = await fx.login('bob@acme.test')
})

const bobState = (extra: Record<string, unknown> = {}) => JSON.stringify({ user: { id: bob.user.id, name: 'Bob' }, status: 'online', ...extra })

async function bobSends(room: string, frames: Uint8Array[]) {
  const raw = openRawSocket(`${fx.syncUrl}/${room}?token=${bob.token}`)
  await raw.opened
  for (const frame of frames) if (raw.ws.readyState === raw.ws.OPEN) raw.ws.send(frame)
  return raw
}

/** Awareness states an honest client of `room` sees, by awareness id. */
function watcher(room: string, login: Login) {
  const client = fx.open(room, login.token)
  return client
}

describe('awareness from a hostile member', () => {
  it('a state nested 200,000 deep closes only its sender; the next joiners and the process carry on', async () => {
    const room = presenceRoom(bob.user.orgId)
    const deep = `{"user":{"id":"${bob.user.id}"},"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    const raw = await bobSends(room, [awarenessFrame([{ clientId: 9001, clock: 1, json: deep }])])
    expect((await raw.closed).code).toBe(CloseCode.overLimit)
    // The attacker's own second socket and an honest client both join and sync.
    const second = await bobSends(room, [])
    const honest = watcher(room, alice)
    await honest.synced()
    honest.provider.awareness.setLocalStateField('user', { id: alice.user.id, name: 'Alice' })
    await waitFor(() => second.frames.length > 0, 'the second socket to hear from the relay')
    second.ws.close()
    await fx.expectAlive()
  })

  it('a state over the size limit is refused and never reaches the other member', async () => {
    const room = presenceRoom(bob.user.orgId)
    const honest = watcher(room, alice)
    await honest.synced()
    const raw = await bobSends(room, [awarenessFrame([{ clientId: 9002, clock: 1, json: bobState({ pad: 'x'.repeat(1024 * 1024 - 200) }) }])])
    expect((await raw.closed).code).toBe(CloseCode.overLimit)
    // A small state sent after it by another socket does arrive: the honest client is listening.
    const fine = await bobSends(room, [awarenessFrame([{ clientId: 9003, clock: 1, json: bobState() }])])
    await waitFor(() => honest.provider.awareness.getStates().has(9003), 'the small state to arrive')
    expect(honest.provider.awareness.getStates().has(9002)).toBe(false)
    fine.ws.close()
    await fx.expectAlive()
  })

  it('one socket may publish only a few awareness ids, not 10,000', async () => {
    const room = presenceRoom(bob.user.orgId)
    const honest = watcher(room, alice)
    await honest.synced()
    const seen = new Set<number>()
    honest.provider.awareness.on('change', ({ added }: { added: number[] }) => added.forEach((id) => seen.add(id)))
    const made = () => [...seen].filter((id) => id >= 20_000 && id < 30_000)
    const frames = Array.from({ length: 10_000 }, (_, i) => awarenessFrame([{ clientId: 20_000 + i, clock: 1, json: bobState() }]))
    const raw = await bobSends(room, frames)
    expect((await raw.closed).code).toBe(CloseCode.overLimit)
    await waitFor(() => made().length > 0, 'the first made-up states to arrive')
    // The states of the closed socket go too (grace 0 here): wait for that, then count.
    await waitFor(() => !made().some((id) => honest.provider.awareness.getStates().has(id)), 'the states to be removed')
    expect(made().length).toBeLessThanOrEqual(4)
    await fx.expectAlive()
  })

  it('cannot take the awareness id of a member who has not published yet', async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    say(created.doc, alice.user.id, 'hi')
    const a = fx.open(chatRoom(created.chatId), alice.token, { doc: created.doc })
    await a.synced()
    const b = watcher(chatRoom(created.chatId), bob)
    await b.synced()
    // Bob reads Alice's client id off her message and claims it in awareness first.
    const aliceId = [...Y.decodeStateVector(Y.encodeStateVector(b.doc)).keys()][0]!
    expect(aliceId).toBe(a.doc.clientID)
    const raw = await bobSends(chatRoom(created.chatId), [awarenessFrame([{ clientId: aliceId, clock: 50, json: bobState() }])])
    // Then Alice publishes: Bob's honest client must see her, as herself.
    a.provider.awareness.setLocalStateField('user', { id: alice.user.id, name: 'Alice' })
    await waitFor(() => (b.provider.awareness.getStates().get(aliceId) as { user?: { id?: string } } | undefined)?.user?.id === alice.user.id, 'Bob to see Alice’s own state')
    raw.ws.close()
    await fx.expectAlive()
  })
})
