// Alice on relay A, Bob on relay B, one PostgreSQL and one Redis between them: everything they
// get from one relay they get across two. A chat both ways, typing, presence with its grace
// period (a drop, a return on the other relay), the new chat in Bob's inbox (the alert) with
// unread counts, whether his inbox is open on B or on no relay at all, and seen marks.

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { inboxChats, inboxState, markRead, readMessages, readsMap, setInboxState } from '@parley/chat-model'
import { chatRoom, inboxRoom, presenceRoom } from '@parley/protocol'
import { say, texts } from '../support/chat.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { allAcked, createChat, dropSocket, sees } from './support/chats.ts'
import { useCluster } from './support/use-cluster.ts'

// Wide enough that a reconnect fits inside it even on a saturated 2-core machine.
const GRACE_MS = 4000
const fx = useCluster({ relays: 2, env: { PARLEY_PRESENCE_GRACE_MS: String(GRACE_MS) } })
const A = () => fx.relay('A')
const B = () => fx.relay('B')
let alice: Login, bob: Login, carol: Login, dave: Login

beforeAll(async () => {
  // Each signs in on the relay they use: a session made on one relay holds on the other too.
  ;[alice, bob, carol, dave] = await Promise.all([
    fx.cluster.login('alice@acme.test', A()),
    fx.cluster.login('bob@acme.test', B()),
    fx.cluster.login('carol@acme.test', A()),
    fx.cluster.login('dave@acme.test', B()),
  ])
})

describe('a chat between Alice on A and Bob on B', () => {
  let chatId: string
  let a: Awaited<ReturnType<typeof createChat>>['client']
  let b: ReturnType<typeof fx.open>

  beforeAll(async () => {
    ;({ chatId, client: a } = await createChat(fx, A(), alice, bob))
    b = fx.open(B(), chatRoom(chatId), bob.token)
    await b.synced()
  })

  it('carries messages both ways', async () => {
    say(a.doc, alice.user.id, 'Hi Bob, got a minute?')
    await waitFor(() => texts(b.doc).includes('Hi Bob, got a minute?'), 'Bob on B to see Alice’s message')
    say(b.doc, bob.user.id, 'Sure, what’s up?')
    await waitFor(() => texts(a.doc).includes('Sure, what’s up?'), 'Alice on A to see Bob’s reply')
    expect(texts(a.doc)).toEqual(texts(b.doc))
    expect(a.closes).toEqual([])
    expect(b.closes).toEqual([])
  })

  it('shows each when the other is typing, and when they stop', async () => {
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, typing: true })
    await waitFor(() => sees(b, alice.user.id, (s) => s.typing === true), 'Bob to see Alice typing')
    a.provider.awareness.setLocalStateField('typing', false)
    await waitFor(() => sees(b, alice.user.id, (s) => s.typing === false), 'Bob to see Alice stop typing')
    b.provider.awareness.setLocalState({ user: { id: bob.user.id, name: bob.user.name }, typing: true })
    await waitFor(() => sees(a, bob.user.id, (s) => s.typing === true), 'Alice to see Bob typing')
  })

  it('keeps a device that comes back through B with offline writes and writes again the moment its socket opens', async () => {
    // Alice's second device: it wrote while offline, and writes again as soon as it reconnects,
    // before the sync handshake has sent the relay what it wrote offline. A stock client does
    // that; the relay must not take it for an update that depends on somebody's unknown changes.
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(a.doc))
    say(replica, alice.user.id, 'written offline')
    const device = fx.open(B(), chatRoom(chatId), alice.token, { doc: replica, connect: false })
    let wrote = false
    device.provider.on('status', ({ status }: { status: string }) => {
      if (status !== 'connected' || wrote) return
      wrote = true
      say(replica, alice.user.id, 'written the moment the socket opens')
    })
    device.provider.connect()
    await waitFor(() => {
      if (device.closes.length > 0) throw new Error(`the relay closed the device: ${device.closes[0]} ${device.closeReasons[0]}`)
      return texts(b.doc).includes('written the moment the socket opens') && texts(b.doc).includes('written offline')
    }, 'Bob on B to get both')
    await waitFor(() => texts(a.doc).includes('written the moment the socket opens'), 'Alice on A to get it too')
    expect(device.closes).toEqual([])
  })

  it('carries seen marks: Alice on A sees what Bob on B has read', async () => {
    const newest = readMessages(b.doc).at(-1)!.id
    markRead(b.doc, bob.user.id, newest, Date.now())
    await waitFor(() => readsMap(a.doc).get(bob.user.id)?.upTo === newest, 'Alice to see Bob’s read mark')
  })
})

describe('presence across relays', () => {
  it('shows Alice on A and Bob on B online to each other, and someone who leaves offline after the grace period', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = fx.open(A(), room, alice.token)
    const c = fx.open(B(), room, carol.token)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, status: 'online' })
    c.provider.awareness.setLocalState({ user: { id: carol.user.id, name: carol.user.name }, status: 'online' })
    await waitFor(() => sees(a, carol.user.id, (s) => s.status === 'online'), 'Alice on A to see Carol (on B) online')
    await waitFor(() => sees(c, alice.user.id, (s) => s.status === 'online'), 'Carol on B to see Alice (on A) online')

    // A short drop on B: Carol stays online for Alice on A, and comes back.
    let removals = 0
    a.provider.awareness.on('change', () => {
      if (!sees(a, carol.user.id)) removals++
    })
    const statuses: string[] = []
    c.provider.on('status', ({ status }: { status: string }) => statuses.push(status))
    dropSocket(c)
    await waitFor(() => statuses.includes('disconnected') && statuses.at(-1) === 'connected', 'Carol to drop and come back')
    await waitFor(() => c.provider.synced, 'Carol to resync')
    expect(removals).toBe(0)

    // A long drop: after the grace period Alice on A sees Carol offline.
    c.provider.shouldConnect = false
    const droppedAt = Date.now()
    dropSocket(c)
    await waitFor(() => !sees(a, carol.user.id), 'Carol to be shown offline on A', GRACE_MS * 4)
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS * 0.9)

    // Back after the grace period: Alice sees her online again at once.
    c.provider.connect()
    await waitFor(() => sees(a, carol.user.id), 'Carol to be shown online again', 5000)
  })

  it('keeps someone online who drops from B and comes back through A within the grace period', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = fx.open(A(), room, alice.token)
    const d = fx.open(B(), room, dave.token)
    const witness = fx.open(B(), room, bob.token)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, status: 'online' })
    d.provider.awareness.setLocalState({ user: { id: dave.user.id, name: dave.user.name }, status: 'online' })
    witness.provider.awareness.setLocalState({ user: { id: bob.user.id, name: bob.user.name }, status: 'online' })
    await waitFor(() => sees(a, dave.user.id) && sees(a, bob.user.id), 'Alice on A to see Dave and Bob online')

    // Dave's socket to B dies and his client reconnects through A, as behind a balancer.
    d.provider.shouldConnect = false
    dropSocket(d)
    await waitFor(() => d.provider.ws === null, 'Dave’s client to notice the drop')
    d.provider.serverUrl = A().syncUrl
    d.provider.connect()
    await waitFor(() => d.provider.synced, 'Dave to sync through A')
    // Bob's socket to B dies after Dave's, for good: once Alice sees Bob offline, B's grace
    // period for Dave has ended too.
    witness.provider.shouldConnect = false
    dropSocket(witness)
    await waitFor(() => !sees(a, bob.user.id), 'Bob’s grace period on B to end', GRACE_MS * 4)
    expect(sees(a, dave.user.id)).toBe(true)
    const onB = fx.open(B(), room, carol.token)
    await onB.synced()
    await waitFor(() => sees(onB, dave.user.id), 'a newcomer on B to see Dave online')
  })
})

describe('the inbox across relays', () => {
  it('shows Bob on B the new chat Alice starts on A, with its unread count, and clears it when he has seen it', async () => {
    const inbox = fx.open(B(), inboxRoom(bob.user.id), bob.token)
    await inbox.synced()
    const { chatId, doc } = await createChat(fx, A(), alice, bob, 'Bob, are you around?')
    // The new row is what the web app's "Someone wants to Chat!" alert comes from.
    const row = await waitFor(() => inboxChats(inbox.doc).get(chatId), 'the new chat in Bob’s inbox on B')
    expect(row).toMatchObject({ startedBy: alice.user.id, messageCount: 1, fromOthers: 1, unread: 1 })
    say(doc, alice.user.id, 'The Henderson file needs a look.')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 2, 'two unread on B')

    setInboxState(inbox.doc, chatId, { open: true, seen: 2, updatedAt: Date.now() })
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 0, 'the relay to clear the unread count')
    // Bob's other device, on A, sees the same.
    const other = fx.open(A(), inboxRoom(bob.user.id), bob.token)
    await waitFor(() => inboxChats(other.doc).get(chatId)?.unread === 0 && inboxState(other.doc).get(chatId)?.seen === 2, 'Bob’s inbox on A to agree')
    say(doc, alice.user.id, 'No rush.')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 1, 'the third message, unread on B')
    await waitFor(() => inboxChats(other.doc).get(chatId)?.unread === 1, 'the third message, unread on A')
  })

  it('keeps the rows of someone connected to no relay, and gives them to him on whichever relay he comes back', async () => {
    const { chatId, doc, client } = await createChat(fx, A(), carol, dave, 'Dave, a minute today?')
    say(doc, carol.user.id, 'About the Globex contract.')
    await waitFor(() => allAcked(client), 'both messages stored')
    client.destroy()
    const inbox = fx.open(B(), inboxRoom(dave.user.id), dave.token)
    // A's rows trail its acks by up to relay/side-writes.ts' gathering time: B may show the first
    // message's row before the second's arrives with A's inbox hint.
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.messageCount === 2, 'both messages counted in Dave’s inbox on B')
    const row = inboxChats(inbox.doc).get(chatId)!
    expect(row).toMatchObject({ startedBy: carol.user.id, fromOthers: 2, unread: 2 })
    expect(row.lastMessage?.text).toBe('About the Globex contract.')
  })
})
