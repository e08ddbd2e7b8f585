// A long chat across two relays on one PostgreSQL and one Redis: Alice writes on A until the relay
// seals epoch 0; Bob on B may open epoch 1 at once (the head is read from the database), both see
// each other's messages there (epoch rooms ride the bus as any room), Bob's inbox row on B counts
// both epochs, and B serves epoch 0 as a history page. A late write to epoch 0 through one relay
// is counted in the rows the other relay writes, which has only epoch 1 loaded.

import { beforeAll, describe, expect, it } from 'vitest'
import { inboxChats, type Message } from '@parley/chat-model'
import { chatRoom, inboxRoom } from '@parley/protocol'
import { say, texts } from '../support/chat.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { allAcked, createChat } from './support/chats.ts'
import { useCluster } from './support/use-cluster.ts'

const EPOCH = 4
const fx = useCluster({ relays: 2, env: { PARLEY_EPOCH_MESSAGES: String(EPOCH) } })
const A = () => fx.relay('A')
const B = () => fx.relay('B')
let alice: Login, bob: Login

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([fx.cluster.login('alice@acme.test', A()), fx.cluster.login('bob@acme.test', B())])
})

describe('a chat that outgrows its first epoch, across two relays', () => {
  it('seals on A, opens epoch 1 on B, syncs it both ways, counts both epochs and pages epoch 0 from B', async () => {
    const { chatId, doc, client } = await createChat(fx, A(), alice, bob, 'zero 0')
    for (let i = 1; i < EPOCH; i++) say(doc, alice.user.id, `zero ${i}`)
    await waitFor(() => allAcked(client), 'epoch 0 stored on A')
    const history = async () => {
      const res = await fetch(`${B().url}/api/chats/${chatId}/history`, { headers: { authorization: `Bearer ${bob.token}` } })
      return (await res.json()) as { head: number; messages: Message[]; before: string | null }
    }
    await waitFor(async () => (await history()).head === 1, 'the head to be 1 for B')

    const b = fx.open(B(), chatRoom(chatId, 1), bob.token)
    await b.synced()
    const a = fx.open(A(), chatRoom(chatId, 1), alice.token)
    await a.synced()
    say(a.doc, alice.user.id, 'one from A')
    await waitFor(() => texts(b.doc).includes('one from A'), 'Bob on B to see Alice’s message in epoch 1')
    say(b.doc, bob.user.id, 'one from B')
    await waitFor(() => texts(a.doc).includes('one from B'), 'Alice on A to see Bob’s reply in epoch 1')

    const inbox = fx.open(B(), inboxRoom(bob.user.id), bob.token)
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.messageCount === EPOCH + 2, 'Bob’s row on B to count both epochs')
    expect(inboxChats(inbox.doc).get(chatId)).toMatchObject({ head: 1, fromOthers: EPOCH + 1 })
    const page = await history()
    expect(page.messages.map((m) => m.text)).toEqual(['zero 0', 'zero 1', 'zero 2', 'zero 3'])
    expect(page.before).toBeNull()
  })
})

describe('a late write to a sealed epoch through another relay', () => {
  it('is counted in the rows of a relay that has only the head loaded, without reloading the chat', async () => {
    // Epoch 0 lives on B only: A loads epoch 1 and reads epoch 0's stats from the database.
    const { chatId, doc, client } = await createChat(fx, B(), alice, bob, 'zero 0')
    for (let i = 1; i < EPOCH; i++) say(doc, alice.user.id, `zero ${i}`)
    await waitFor(() => allAcked(client), 'epoch 0 stored on B')
    const head = fx.openAcking(A(), chatRoom(chatId, 1), alice.token)
    await head.synced()
    const inbox = fx.open(A(), inboxRoom(alice.user.id), alice.token)
    say(head.doc, alice.user.id, 'one 0')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.messageCount === EPOCH + 1, 'Alice’s row on A to count both epochs')

    say(doc, alice.user.id, 'late, into epoch 0 on B')
    await waitFor(() => allAcked(client), 'the late write stored on B')
    say(head.doc, alice.user.id, 'one 1')
    // A rewrites the row for its own message; it must not leave out what B counted meanwhile.
    const row = await waitFor(() => (inboxChats(inbox.doc).get(chatId)?.messageCount === EPOCH + 3 ? inboxChats(inbox.doc).get(chatId) : null), 'A’s row to count the late write')
    expect(row).toMatchObject({ head: 1, lastMessage: { text: 'one 1' } })
  })
})
