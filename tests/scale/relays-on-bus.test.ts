// Two relays joined by a Redis bus, with stock y-websocket clients on each: what one relay's
// clients write reaches the other's, awareness (presence, typing) crosses with its removals and
// the presence grace period (to compact-presence clients too), nobody on one relay can forge a
// state for an id held on the other, inbox rows reach an inbox loaded elsewhere, and a relay that
// lost the bus catches up from the database once it is back.

import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { inboxChats } from '@parley/chat-model'
import { COMPACT_PRESENCE, CloseCode, PRESENCE_PARAM, chatRoom, encodeAwareness, inboxRoom, parseRoom, presenceRoom } from '@parley/protocol'
import { createRedisBus } from '../../sync-server/src/relay/redis-bus.ts'
import type { Login } from '../support/relay.ts'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { startRedis, type Service } from '../support/services.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, connectClient, type Client } from '../support/yclient.ts'
import { startRelaysOnBus, type BusRelay, type RelayPair } from './in-process-relays.ts'

const GRACE_MS = 3000
let redis: Service
let pair: RelayPair
let A: BusRelay
let B: BusRelay
let alice: Login, bob: Login, carol: Login, dave: Login
const clients: Client[] = []

beforeAll(async () => {
  redis = await startRedis()
  // No periodic catch-up here: each test shows one way the bus itself brings a relay up to date.
  pair = await startRelaysOnBus(redis.url, { presenceGraceMs: GRACE_MS, catchUpMs: 600_000 })
  A = await pair.start()
  B = await pair.start()
  ;[alice, bob, carol, dave] = await pair.base.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test', 'dave@acme.test')
})
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
})
afterAll(async () => {
  await pair.close()
  await redis.remove()
})

const connect = (relay: BusRelay, room: string, login: Login, doc?: Y.Doc) => {
  const client = connectClient(relay.syncUrl, room, login.token, doc ? { doc } : {})
  clients.push(client)
  return client
}

type State = { user?: { id?: string; name?: string }; status?: string; typing?: boolean }
const stateOf = (client: Client, userId: string) =>
  [...client.provider.awareness.getStates().values()].find((s) => (s as State).user?.id === userId) as State | undefined

/** A chat Alice created on relay A (stored and registered), with her client there. */
async function aliceChat(text: string) {
  const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
  say(doc, alice.user.id, text)
  const client = connect(A, chatRoom(chatId), alice, doc)
  await client.synced()
  await waitFor(() => pair.base.server.chats.get(chatId), 'the chat to be registered')
  return { client, chatId }
}

/** Waits until `relay` has seen every socket of `user` in `room` close. */
const goneFrom = (relay: BusRelay, room: string, user: Login) =>
  waitFor(async () => ![...(await relay.relay.rooms.get(parseRoom(room)!)).peers].some((peer) => peer.userId === user.user.id), `${room} to lose ${user.user.email}`)

describe('relays on a Redis bus', () => {
  it('passes what a client writes on one relay to the clients of the other', async () => {
    const { client: a, chatId } = await aliceChat('hello')
    const b = connect(B, chatRoom(chatId), bob)
    await waitFor(() => texts(b.doc).includes('hello'), 'Bob to load the chat on B')
    say(a.doc, alice.user.id, 'from A')
    await waitFor(() => texts(b.doc).includes('from A'), 'the message written on A to reach B')
    say(b.doc, bob.user.id, 'from B')
    await waitFor(() => texts(a.doc).includes('from B'), 'the reply written on B to reach A')
    expect(texts(a.doc)).toEqual(texts(b.doc))
  })

  it('carries presence and typing across relays, and their end', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = connect(A, room, alice)
    const b = connect(B, room, bob)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'online' })
    await waitFor(() => stateOf(b, alice.user.id)?.status === 'online', 'Bob on B to see Alice online')
    // Someone joining B later gets the state held on A at once.
    const c = connect(B, room, carol)
    await waitFor(() => stateOf(c, alice.user.id)?.status === 'online', 'Carol joining B to see Alice')
    a.provider.awareness.setLocalState(null)
    await waitFor(() => !stateOf(b, alice.user.id) && !stateOf(c, alice.user.id), 'Alice to be gone on B')

    const { chatId } = await aliceChat('typing next')
    const typingA = connect(A, chatRoom(chatId), alice)
    const typingB = connect(B, chatRoom(chatId), bob)
    typingA.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, typing: true })
    await waitFor(() => stateOf(typingB, alice.user.id)?.typing === true, 'Bob on B to see Alice typing')
    typingA.provider.awareness.setLocalStateField('typing', false)
    await waitFor(() => stateOf(typingB, alice.user.id)?.typing === false, 'Bob on B to see Alice stop typing')
    // Her socket closes: a chat room has no grace period, so her state goes at once, on B too.
    typingA.destroy()
    await waitFor(() => !stateOf(typingB, alice.user.id), 'Alice’s typing state to be gone on B')
  })

  it('gives a compact client on one relay the changes and leaves of the other’s clients, not their renewals', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = connect(A, room, alice)
    const stock = connect(B, room, carol)
    const compact = connectClient(B.syncUrl, room, bob.token, { params: { [PRESENCE_PARAM]: COMPACT_PRESENCE } })
    clients.push(compact)
    const aliceId = a.provider.awareness.clientID
    const clocksSeen: number[] = []
    compact.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if ([...added, ...updated].includes(aliceId)) clocksSeen.push(compact.provider.awareness.meta.get(aliceId)!.clock)
    })
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'online' })
    await waitFor(() => stateOf(compact, alice.user.id)?.status === 'online', 'Bob (compact) on B to see Alice online')

    // Her renewal reaches the stock client on B, not the compact one; her change reaches both.
    a.provider.awareness.setLocalState({ ...a.provider.awareness.getLocalState() })
    const renewed = a.provider.awareness.meta.get(aliceId)!.clock
    await waitFor(() => (stock.provider.awareness.meta.get(aliceId)?.clock ?? 0) >= renewed, 'Carol (stock) on B to get the renewal')
    a.provider.awareness.setLocalStateField('status', 'away')
    await waitFor(() => stateOf(compact, alice.user.id)?.status === 'away', 'Bob (compact) to see Alice away')
    expect(clocksSeen).not.toContain(renewed)

    a.provider.shouldConnect = false
    ;(a.provider.ws as unknown as { terminate(): void }).terminate()
    await waitFor(() => !stateOf(compact, alice.user.id), 'Alice to be gone for Bob (compact) after the grace period', GRACE_MS * 4)
  })

  it('shows someone joining a room on the other relay, loaded there only now, the states held on this one at once', async () => {
    // Alice's state was published while B did not have the room: only the request B makes once it
    // listens brings it there before her 15 s renewal.
    const { chatId } = await aliceChat('who is here')
    const room = chatRoom(chatId)
    const a = connect(A, room, alice)
    const witness = connect(A, room, alice)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, typing: true })
    await waitFor(() => stateOf(witness, alice.user.id)?.typing === true, 'relay A to hold Alice’s state')
    const b = connect(B, room, bob)
    await waitFor(() => stateOf(b, alice.user.id)?.typing === true, 'Bob joining on B to see Alice typing', 5000)
  })

  it('keeps someone shown on the other relay for the grace period after their socket drops, then not', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = connect(A, room, alice)
    const b = connect(B, room, bob)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'online' })
    await waitFor(() => stateOf(b, alice.user.id)?.status === 'online', 'Bob on B to see Alice online')

    a.provider.shouldConnect = false
    const droppedAt = Date.now()
    ;(a.provider.ws as unknown as { terminate(): void }).terminate()
    await goneFrom(A, room, alice)
    expect(stateOf(b, alice.user.id)?.status).toBe('online')
    await waitFor(() => !stateOf(b, alice.user.id), 'Alice to be shown offline on B', GRACE_MS * 4)
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS * 0.9)
  })

  it('keeps someone shown everywhere who comes back on the other relay within the grace period', async () => {
    const room = presenceRoom(alice.user.orgId)
    const online = (login: Login) => ({ user: { id: login.user.id, name: login.user.name }, status: 'online' })
    const a = connect(A, room, alice)
    const d = connect(A, room, dave)
    const watchA = connect(A, room, bob)
    const watchB = connect(B, room, carol)
    a.provider.awareness.setLocalState(online(alice))
    d.provider.awareness.setLocalState(online(dave))
    const everyoneSeen = () => [watchA, watchB].every((w) => stateOf(w, alice.user.id) && stateOf(w, dave.user.id))
    await waitFor(everyoneSeen, 'both watchers to see Alice and Dave')

    // Alice's socket on A dies and her client reconnects through the balancer to B, with the same
    // awareness id and state. Dave's dies a moment later for good: his grace period ends after hers.
    const drop = (client: Client) => {
      client.provider.shouldConnect = false
      ;(client.provider.ws as unknown as { terminate(): void }).terminate()
    }
    const back = new Y.Doc()
    back.clientID = a.provider.awareness.clientID
    drop(a)
    await goneFrom(A, room, alice)
    const b = connect(B, room, alice, back)
    b.provider.awareness.setLocalState(online(alice))
    drop(d)
    await waitFor(() => !stateOf(watchA, dave.user.id) && !stateOf(watchB, dave.user.id), 'Dave to be shown offline', GRACE_MS * 4)
    expect(stateOf(watchA, alice.user.id)?.status).toBe('online')
    expect(stateOf(watchB, alice.user.id)?.status).toBe('online')
  })

  it('removes its clients’ states from the other relays when a relay shuts down', async () => {
    const C = await pair.start()
    const room = presenceRoom(alice.user.orgId)
    const c = connectClient(C.syncUrl, room, alice.token)
    const watch = connect(B, room, bob)
    c.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'online' })
    await waitFor(() => stateOf(watch, alice.user.id), 'Bob on B to see Alice on C')
    c.provider.shouldConnect = false
    await C.close()
    c.destroy()
    // Well before y-protocols' 30 s timeout would remove it.
    await waitFor(() => !stateOf(watch, alice.user.id), 'Alice to be gone from B', 10_000)
  })

  it('refuses a state a client on one relay sends for an id held on the other', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = connect(A, room, alice)
    const b = connect(B, room, bob)
    const watcher = connect(B, room, carol)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'online' })
    await waitFor(() => stateOf(watcher, alice.user.id)?.status === 'online', 'Carol on B to see Alice')
    await b.synced()

    // Bob's socket on B speaks for Alice's id: as himself, as her, and to remove her.
    const aliceId = a.provider.awareness.clientID
    const forged = (state: State | null, clock: number) => {
      const fake = new awarenessProtocol.Awareness(new Y.Doc())
      fake.clientID = aliceId
      fake.setLocalState(state)
      fake.meta.get(aliceId)!.clock = clock
      const update = awarenessProtocol.encodeAwarenessUpdate(fake, [aliceId])
      fake.destroy()
      return encodeAwareness(update)
    }
    const ws = b.provider.ws!
    ws.send(forged({ user: { id: bob.user.id, name: 'Bob' }, status: 'away' }, 100))
    ws.send(forged({ user: { id: alice.user.id, name: 'Alice Adams' }, status: 'away' }, 101))
    ws.send(forged(null, 102))
    // Then something honest from the same socket: once it arrives, the forgeries were handled.
    b.provider.awareness.setLocalState({ user: { id: bob.user.id, name: 'Bob Brown' }, status: 'online' })
    await waitFor(() => stateOf(watcher, bob.user.id)?.status === 'online', 'Bob’s own state to reach Carol')
    await waitFor(() => stateOf(a, bob.user.id)?.status === 'online', 'Bob’s own state to reach A')
    for (const client of [watcher, b, a]) {
      expect(client.provider.awareness.getStates().get(aliceId)).toMatchObject({ user: { id: alice.user.id }, status: 'online' })
    }
  })

  it('refuses a write on one relay under a client id someone used on the other', async () => {
    const { chatId } = await aliceChat('hello')
    const b = connect(B, chatRoom(chatId), bob)
    await waitFor(() => texts(b.doc).includes('hello'), 'Bob to load the chat on B')
    // Alice writes from a new client on A: B learns its id from the bus, not from its load.
    const second = connect(A, chatRoom(chatId), alice)
    await second.synced()
    say(second.doc, alice.user.id, 'from a new client')
    await waitFor(() => texts(b.doc).includes('from a new client'), 'her message to reach B')
    const forgedDoc = new Y.Doc()
    Y.applyUpdate(forgedDoc, Y.encodeStateAsUpdate(b.doc))
    forgedDoc.clientID = second.doc.clientID
    const forger = connect(B, chatRoom(chatId), bob, forgedDoc)
    await forger.synced()
    say(forgedDoc, bob.user.id, 'under her client id')
    expect(await closedWith(forger)).toBe(CloseCode.forbidden)
    expect(texts(second.doc)).not.toContain('under her client id')
  })

  it('moves rows into an inbox loaded on the other relay', async () => {
    const inbox = connect(B, inboxRoom(bob.user.id), bob)
    await inbox.synced()
    const { chatId } = await aliceChat('for your inbox')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.lastMessage?.text === 'for your inbox', 'the row to reach Bob’s inbox on B')
    expect(await pair.base.server.db.prepare('SELECT count(*) AS n FROM pending_inbox_rows WHERE user_id = ?').get(bob.user.id)).toEqual({ n: 0 })
  })

  it('catches a room up from the database when another relay asks it to', async () => {
    const { client: a, chatId } = await aliceChat('before')
    const b = connect(B, chatRoom(chatId), bob)
    await waitFor(() => texts(b.doc).includes('before'), 'Bob to load the chat on B')
    // A third relay stored a message and its publish was lost: only its resync comes through.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(a.doc))
    const before = Y.encodeStateVector(other)
    say(other, alice.user.id, 'stored elsewhere')
    await pair.store.commit([{ room: chatRoom(chatId), update: Y.encodeStateAsUpdate(other, before), bind: [[other.clientID, alice.user.id]] }])
    const third = createRedisBus({ url: redis.url })
    try {
      await waitFor(() => third.connected, 'the third relay’s bus')
      third.publish({ kind: 'resync', room: chatRoom(chatId) })
      await waitFor(() => texts(b.doc).includes('stored elsewhere'), 'B to catch up on resync')
      await waitFor(() => texts(a.doc).includes('stored elsewhere'), 'A to catch up on resync')
    } finally {
      await third.close()
    }
  })

  it('catches up from the database when an update from another relay depends on one it missed', async () => {
    const { client: a, chatId } = await aliceChat('first')
    const b = connect(B, chatRoom(chatId), bob)
    await waitFor(() => texts(b.doc).includes('first'), 'Bob to load the chat on B')
    // A third relay stores two messages; the first one's publish is lost, the second one's arrives.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(a.doc))
    const writes = ['missed', 'depends on it'].map((text) => {
      const before = Y.encodeStateVector(other)
      say(other, alice.user.id, text)
      return { room: chatRoom(chatId), update: Y.encodeStateAsUpdate(other, before), bind: [[other.clientID, alice.user.id]] as [number, string][] }
    })
    await pair.store.commit(writes)
    const third = createRedisBus({ url: redis.url })
    try {
      await waitFor(() => third.connected, 'the third relay’s bus')
      third.publish({ kind: 'update', room: chatRoom(chatId), update: writes[1]!.update, bind: writes[1]!.bind })
      await waitFor(() => texts(b.doc).includes('depends on it'), 'B to catch up the message it missed', 10_000)
      expect(texts(b.doc)).toContain('missed')
    } finally {
      await third.close()
    }
  })

  it('catches up from the database what was written while Redis was away', { timeout: 60_000 }, async () => {
    const { client: a, chatId } = await aliceChat('before the outage')
    const b = connect(B, chatRoom(chatId), bob)
    await waitFor(() => texts(b.doc).includes('before the outage'), 'Bob to load the chat on B')
    await redis.stop()
    await waitFor(() => !A.bus.connected && !B.bus.connected, 'both relays to lose Redis')
    say(a.doc, alice.user.id, 'during the outage')
    say(b.doc, bob.user.id, 'also during the outage')
    await waitFor(async () => (await pair.store.load(chatRoom(chatId))).updates.length >= 3, 'both messages to be stored')
    expect(texts(b.doc)).not.toContain('during the outage')
    await redis.start()
    await waitFor(() => texts(b.doc).includes('during the outage'), 'B to catch up after Redis is back', 30_000)
    await waitFor(() => texts(a.doc).includes('also during the outage'), 'A to catch up after Redis is back', 30_000)
  })
})

describe('a relay that stored an update and never published it', () => {
  it('reaches the other relays and their clients from the database within PARLEY_CATCH_UP_MS', async () => {
    const quick = await startRelaysOnBus(redis.url, { catchUpMs: 300 })
    const on = await quick.start()
    const clientsHere: Client[] = []
    try {
      const [ann, ben] = await quick.base.logins('alice@acme.test', 'bob@acme.test')
      const { doc, chatId } = newChatDoc(ann!.user.id, ben!.user.id)
      say(doc, ann!.user.id, 'first')
      const a = connectClient(on.syncUrl, chatRoom(chatId), ann!.token, { doc })
      clientsHere.push(a)
      await a.synced()
      // Another relay committed this and was killed before it published: nothing on the bus.
      const other = new Y.Doc()
      Y.applyUpdate(other, Y.encodeStateAsUpdate(a.doc))
      const before = Y.encodeStateVector(other)
      say(other, ann!.user.id, 'stored, never published')
      await quick.store.commit([{ room: chatRoom(chatId), update: Y.encodeStateAsUpdate(other, before), bind: [[other.clientID, ann!.user.id]] }])
      await waitFor(() => texts(a.doc).includes('stored, never published'), 'the relay to read it from the database', 5_000)
    } finally {
      for (const client of clientsHere) client.destroy()
      await quick.close()
    }
  })
})
