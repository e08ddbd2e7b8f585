// Nobody writes as somebody else, and nobody enters a chat they are not in, when attacker and
// victim are on different relays: Alice (the attacker) on A, Bob (the victim) on B. Each refused
// write closes the writer with 4403 and leaves the stored chat as it was, on both relays. And when
// two relays see one Yjs client id from two people at once, exactly one of them gets it.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, messagesArray, metaMap, readMessages, readMeta } from '@parley/chat-model'
import { CloseCode, chatRoom, inboxRoom } from '@parley/protocol'
import { say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, type Client } from '../support/yclient.ts'
import { awarenessFrame } from '../hardening/support/hostile.ts'
import { createChat, sees } from './support/chats.ts'
import { useCluster, type AckingClient } from './support/use-cluster.ts'

const fx = useCluster({ relays: 2, env: { PARLEY_CHATS_PER_HOUR: '10000' } })
const A = () => fx.relay('A')
const B = () => fx.relay('B')
let alice: Login, bob: Login, carol: Login, gina: Login

beforeAll(async () => {
  ;[alice, bob, carol, gina] = await Promise.all([
    fx.cluster.login('alice@acme.test', A()),
    fx.cluster.login('bob@acme.test', B()),
    fx.cluster.login('carol@acme.test', B()),
    fx.cluster.login('gina@globex.test', B()),
  ])
})

/** The chat as each relay has it stored, read by a fresh client of Bob's on that relay. */
const storedViews = async (chatId: string) => {
  const views = []
  for (const relay of fx.cluster.relays) {
    const doc = await fx.freshDoc(relay, chatRoom(chatId), bob.token)
    views.push({ relay: relay.name, messages: readMessages(doc), meta: readMeta(doc) })
  }
  return views
}

describe('in a chat between Alice on A and Bob on B', () => {
  let chatId: string
  let a: AckingClient
  let b: Client
  let before: Awaited<ReturnType<typeof storedViews>>

  beforeEach(async () => {
    ;({ chatId, client: a } = await createChat(fx, A(), alice, bob, 'first, from Alice'))
    b = fx.open(B(), chatRoom(chatId), bob.token)
    await b.synced()
    say(b.doc, bob.user.id, 'second, from Bob')
    await waitFor(() => texts(a.doc).length === 2, 'Alice on A to have both messages')
    before = await storedViews(chatId)
    expect(before.map((view) => view.messages.length)).toEqual([2, 2])
  })

  const expectRefusedAndUnchanged = async () => {
    expect(await closedWith(a, 'the forger on A to be closed')).toBe(CloseCode.forbidden)
    expect(await storedViews(chatId)).toEqual(before)
  }

  it('refuses a write on A under the client id Bob uses on B', async () => {
    const own = a.doc.clientID
    a.doc.clientID = b.doc.clientID
    say(a.doc, alice.user.id, 'sneaky') // sent to A synchronously, under Bob's id
    a.doc.clientID = own
    await expectRefusedAndUnchanged()
  })

  it('refuses a message that names Bob as its author', async () => {
    appendMessage(a.doc, { id: 'forged-1', author: bob.user.id, text: 'I quit', at: Date.now() })
    await expectRefusedAndUnchanged()
  })

  it('refuses deleting Bob’s message, written on B', async () => {
    const index = readMessages(a.doc).findIndex((m) => m.author === bob.user.id)
    messagesArray(a.doc).delete(index, 1)
    await expectRefusedAndUnchanged()
  })

  it('refuses rewriting meta', async () => {
    metaMap(a.doc).set('members', [alice.user.id, carol.user.id])
    await expectRefusedAndUnchanged()
  })

  it('lets an author delete their own message, and the other relay passes it on', async () => {
    const index = readMessages(a.doc).findIndex((m) => m.author === alice.user.id)
    messagesArray(a.doc).delete(index, 1)
    await waitFor(() => texts(b.doc).length === 1, 'Bob on B to see the message gone')
    expect(a.closes).toEqual([])
  })

  it('never shows Bob on B an awareness state from A that claims to be Bob', async () => {
    const seenByBob: string[] = []
    b.provider.awareness.on('change', () => {
      for (const [client, state] of b.provider.awareness.getStates()) {
        if (client === a.doc.clientID) seenByBob.push(String((state as { user?: { id?: string } }).user?.id))
      }
    })
    a.provider.awareness.setLocalState({ user: { id: bob.user.id, name: 'Bob Brown' }, typing: true })
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, typing: false })
    await waitFor(() => seenByBob.includes(alice.user.id), 'Bob to see Alice’s honest state')
    expect(seenByBob).not.toContain(bob.user.id)
  })

  it('never lets Alice on A take over the awareness id Bob uses on B', async () => {
    const victimId = b.doc.clientID
    b.provider.awareness.setLocalState({ user: { id: bob.user.id, name: 'Bob Brown' }, typing: false })
    const bobElsewhere = fx.open(B(), chatRoom(chatId), bob.token)
    await waitFor(() => sees(bobElsewhere, bob.user.id) && sees(a, bob.user.id), 'Bob’s state on both relays')
    const forged: unknown[] = []
    const watch = (client: Client) =>
      client.provider.awareness.on('change', () => {
        const state = client.provider.awareness.getStates().get(victimId) as { typing?: boolean; user?: { id?: string } } | undefined
        if (state && (state.typing !== false || state.user?.id !== bob.user.id)) forged.push(state)
      })
    watch(bobElsewhere)
    watch(a)

    // Alice's own socket on A sends Bob's awareness id with a newer clock, then an honest state
    // of its own: once the honest one arrives on B, the forged one has been handled.
    const raw = openRawSocket(`${A().syncUrl}/${chatRoom(chatId)}?token=${alice.token}`)
    await raw.opened
    const ownId = 1_000_000 + Math.floor(Math.random() * 1_000_000)
    raw.ws.send(awarenessFrame([{ clientId: victimId, clock: 1_000, json: JSON.stringify({ user: { id: alice.user.id, name: 'Alice Adams' }, typing: true }) }]))
    raw.ws.send(awarenessFrame([{ clientId: ownId, clock: 1, json: JSON.stringify({ user: { id: alice.user.id, name: 'Alice Adams' } }) }]))
    let closed = false
    void raw.closed.then(() => (closed = true))
    await waitFor(() => closed || bobElsewhere.provider.awareness.getStates().has(ownId), 'A to handle the forged awareness id')
    expect(forged).toEqual([])
    expect(bobElsewhere.provider.awareness.getStates().get(victimId)).toMatchObject({ user: { id: bob.user.id }, typing: false })
    raw.ws.close()
  })
})

describe('who gets into a chat made on the other relay', () => {
  it('refuses on B a colleague who is not a member and a person of another organization', async () => {
    const { chatId } = await createChat(fx, A(), alice, bob, 'for Bob only')
    const c = fx.open(B(), chatRoom(chatId), carol.token)
    expect(await closedWith(c)).toBe(CloseCode.forbidden)
    expect(texts(c.doc)).toEqual([])
    const g = fx.open(B(), chatRoom(chatId), gina.token)
    expect(await closedWith(g)).toBe(CloseCode.forbidden)
    expect(texts(g.doc)).toEqual([])
    const member = fx.open(B(), chatRoom(chatId), bob.token)
    await waitFor(() => texts(member.doc).includes('for Bob only'), 'Bob, a member, to read it on B')
  })

  it('keeps an inbox to its owner on every relay', async () => {
    for (const relay of fx.cluster.relays) {
      const other = fx.open(relay, inboxRoom(bob.user.id), alice.token)
      expect(await closedWith(other), `Alice in Bob’s inbox on ${relay.name}`).toBe(CloseCode.forbidden)
    }
  })
})

describe('one client id, two people, two relays, at once', () => {
  // Yjs names each item by (client id, clock): Alice's and Bob's first items under one id are
  // two different messages with the same name. If both relays stored theirs, the replicas would
  // disagree for good. Exactly one may win; the loser is refused or its write is dropped.
  it('lets exactly one of them write under it, and both relays agree on which', { timeout: 90_000 }, async () => {
    for (let round = 0; round < 5; round++) {
      const { chatId } = await createChat(fx, A(), alice, bob, `round ${round}`)
      const room = chatRoom(chatId)
      const racers = [
        { who: alice, client: fx.openAcking(A(), room, alice.token), text: `Alice's, round ${round}` },
        { who: bob, client: fx.openAcking(B(), room, bob.token), text: `Bob's, round ${round}` },
      ]
      await Promise.all(racers.map((r) => r.client.synced()))
      // Both write under one fresh id in the same turn (y-websocket sends each update as it is made).
      const shared = 2_000_000 + Math.floor(Math.random() * 1_000_000_000)
      for (const { who, client, text } of racers) {
        const own = client.doc.clientID
        client.doc.clientID = shared
        say(client.doc, who.user.id, text)
        client.doc.clientID = own
      }
      // Then each writes under its own id: once that is acknowledged (or the racer was closed),
      // its relay has handled the raced write, which came before it on the same socket.
      const followed = racers.map(({ who, client }) => {
        const clock = Y.getState(client.doc.store, client.doc.clientID)
        say(client.doc, who.user.id, `${who.user.name} follows up`)
        return () => client.closes.length > 0 || (client.acked().get(client.doc.clientID) ?? 0) > clock
      })
      await waitFor(() => followed.every((handled) => handled()), `round ${round}: both relays to handle the raced writes`)

      let views: string[][] = []
      await waitFor(async () => {
        views = []
        for (const relay of fx.cluster.relays) views.push(texts(await fx.freshDoc(relay, room, bob.token)))
        return views.every((view) => view.join('\n') === views[0]!.join('\n'))
      }, `round ${round}: both relays to agree on the chat`).catch((error: unknown) => {
        throw new Error(`${String(error)}; last seen: ${JSON.stringify(views)}`)
      })
      const winners = racers.filter((r) => views[0]!.includes(r.text))
      expect(winners.map((r) => r.who.user.name), `round ${round}: who got the id`).toHaveLength(1)
      for (const { client } of racers) client.destroy()
    }
  })
})
