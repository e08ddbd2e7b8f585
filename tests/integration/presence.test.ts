// Presence and typing travel as awareness: colleagues see each other online in their
// organization's presence room, someone who leaves disappears, and typing state set in a chat's
// awareness reaches the other member.

import { beforeAll, describe, expect, it } from 'vitest'
import { chatRoom, presenceRoom } from '@parley/protocol'
import { newChatDoc } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import type { Client } from '../support/yclient.ts'

const fx = useRelay()
const open = fx.open
let alice: Login, bob: Login

beforeAll(async () => {
  [alice, bob] = await fx.relay.logins('alice@acme.test', 'bob@acme.test')
})

type State = { user?: { id?: string; name?: string }; status?: string; typing?: boolean }
const statesOf = (client: Client) => [...client.provider.awareness.getStates().values()] as State[]
const sees = (client: Client, userId: string, extra: (s: State) => boolean = () => true) =>
  statesOf(client).some((s) => s.user?.id === userId && extra(s))

describe('presence', () => {
  it('shows colleagues online to each other and drops someone who leaves', async () => {
    const room = presenceRoom(alice.user.orgId)
    const a = open(room, alice.token)
    const b = open(room, bob.token)
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, status: 'online' })
    b.provider.awareness.setLocalState({ user: { id: bob.user.id, name: bob.user.name }, status: 'online' })
    await waitFor(() => sees(a, bob.user.id, (s) => s.status === 'online'), 'Alice to see Bob online')
    await waitFor(() => sees(b, alice.user.id, (s) => s.status === 'online'), 'Bob to see Alice online')

    b.provider.disconnect()
    await waitFor(() => !sees(a, bob.user.id), 'Bob to disappear for Alice')
  })

  it('carries typing state in a chat room to the other member', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const a = open(chatRoom(chatId), alice.token, { doc })
    await a.synced()
    await waitFor(() => fx.relay.server.chats.get(chatId), 'the chat to be registered')
    const b = open(chatRoom(chatId), bob.token)
    await b.synced()
    a.provider.awareness.setLocalState({ user: { id: alice.user.id, name: alice.user.name }, typing: true })
    await waitFor(() => sees(b, alice.user.id, (s) => s.typing === true), 'Bob to see Alice typing')
    a.provider.awareness.setLocalStateField('typing', false)
    await waitFor(() => sees(b, alice.user.id, (s) => s.typing === false), 'Bob to see Alice stop typing')
  })
})
