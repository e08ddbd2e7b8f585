// Presence and typing travel as awareness: colleagues see each other online in their
// organization's presence room, someone who leaves disappears, and typing state set in a chat's
// awareness reaches the other member.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatRoom, presenceRoom } from '@parley/protocol'
import { newChatDoc } from '../support/chat.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login
const clients: Client[] = []
const open = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args)
  clients.push(client)
  return client
}

beforeAll(async () => {
  relay = await startTestRelay()
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await relay.close()
})

type State = { user?: { id?: string; name?: string }; status?: string; typing?: boolean }
const statesOf = (client: Client) => [...client.provider.awareness.getStates().values()] as State[]
const sees = (client: Client, userId: string, extra: (s: State) => boolean = () => true) =>
  statesOf(client).some((s) => s.user?.id === userId && extra(s))

describe('presence', () => {
  it('shows colleagues online to each other and drops someone who leaves', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = open(relay.syncUrl, room, alice.token)
    const b = open(relay.syncUrl, room, bob.token)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, status: 'online' })
    b.provider.awareness.setLocalState({ user: { id: bob.user.id, name: bob.user.name }, status: 'online' })
    await waitFor(() => sees(a, bob.user.id, (s) => s.status === 'online'), 'Alice to see Bob online')
    await waitFor(() => sees(b, alice.user.id, (s) => s.status === 'online'), 'Bob to see Alice online')

    b.provider.disconnect()
    await waitFor(() => !sees(a, bob.user.id), 'Bob to disappear for Alice')
  })

  it('carries typing state in a chat room to the other member', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const a = open(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
    await a.synced()
    await waitFor(() => relay.server.chats.get(chatId), 'the chat to be registered')
    const b = open(relay.syncUrl, chatRoom(chatId), bob.token)
    await b.synced()
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, typing: true })
    await waitFor(() => sees(b, alice.user.id, (s) => s.typing === true), 'Bob to see Alice typing')
    a.provider.awareness.setLocalStateField('typing', false)
    await waitFor(() => sees(b, alice.user.id, (s) => s.typing === false), 'Bob to see Alice stop typing')
  })
})
