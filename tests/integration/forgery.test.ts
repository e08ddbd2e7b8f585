// Nobody writes as somebody else. Each refused write closes the writer with 4403 and leaves the
// document as it was: a forged awareness state, a write under another user's Yjs client id, a
// message signed with another author, deleting the other member's message, rewriting meta,
// writing the relay's part of an inbox, and document content in a presence room.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, inboxChats, messagesArray, metaMap, readMessages, readMeta } from '@parley/chat-model'
import { CloseCode, chatRoom, inboxRoom, presenceRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, type Client } from '../support/yclient.ts'

const fx = useRelay()
const open = fx.open
let alice: Login, bob: Login, carol: Login

beforeAll(async () => {
  [alice, bob, carol] = await fx.relay.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test')
})

/** A fresh reader's view of the chat as the relay has stored it. */
const storedView = async (chatId: string) => {
  const reader = open(chatRoom(chatId), bob.token)
  await reader.synced()
  const view = { messages: readMessages(reader.doc), meta: readMeta(reader.doc) }
  reader.destroy()
  return view
}

describe('in a chat between Alice and Bob', () => {
  let chatId: string
  let a: Client
  let b: Client
  let before: Awaited<ReturnType<typeof storedView>>

  beforeEach(async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    chatId = created.chatId
    say(created.doc, alice.user.id, 'first, from Alice')
    a = open(chatRoom(chatId), alice.token, { doc: created.doc })
    await a.synced()
    await waitFor(() => fx.relay.server.chats.get(chatId), 'the chat to be registered')
    b = open(chatRoom(chatId), bob.token)
    await b.synced()
    say(b.doc, bob.user.id, 'second, from Bob')
    await waitFor(() => texts(a.doc).length === 2, 'Alice to have both messages')
    before = await storedView(chatId)
    expect(before.messages).toHaveLength(2)
  })

  const expectRefusedAndUnchanged = async () => {
    expect(await closedWith(a, 'the forger to be closed')).toBe(CloseCode.forbidden)
    expect(await storedView(chatId)).toEqual(before)
  }

  it('refuses a write under Bob’s client id', async () => {
    const own = a.doc.clientID
    a.doc.clientID = b.doc.clientID
    say(a.doc, alice.user.id, 'sneaky') // sent to the relay synchronously, under Bob's id
    a.doc.clientID = own
    await expectRefusedAndUnchanged()
  })

  it('refuses a message that names Bob as its author', async () => {
    appendMessage(a.doc, { id: 'forged-1', author: bob.user.id, text: 'I quit', at: Date.now() })
    await expectRefusedAndUnchanged()
  })

  it('refuses deleting Bob’s message', async () => {
    const index = readMessages(a.doc).findIndex((m) => m.author === bob.user.id)
    messagesArray(a.doc).delete(index, 1)
    await expectRefusedAndUnchanged()
  })

  it('refuses rewriting meta', async () => {
    metaMap(a.doc).set('members', [alice.user.id, carol.user.id])
    await expectRefusedAndUnchanged()
    expect((await fx.relay.server.chats.get(chatId))?.members.sort()).toEqual([alice.user.id, bob.user.id].sort())
  })

  it('lets an author delete their own message', async () => {
    const index = readMessages(a.doc).findIndex((m) => m.author === alice.user.id)
    messagesArray(a.doc).delete(index, 1)
    await waitFor(() => texts(b.doc).length === 1, 'Bob to see the message gone')
    expect(a.closes).toEqual([])
  })

  it('drops an awareness state that claims to be Bob', async () => {
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
})

describe('inboxes and presence rooms', () => {
  it('refuses a client writing the relay’s rows of its own inbox', async () => {
    const inbox = open(inboxRoom(alice.user.id), alice.token)
    await inbox.synced()
    inboxChats(inbox.doc).set('made-up', {
      chatId: 'made-up', members: [alice.user.id], startedBy: alice.user.id, startedAt: 0,
      lastMessage: null, messageCount: 0, fromOthers: 0, unread: 99,
    })
    expect(await closedWith(inbox)).toBe(CloseCode.forbidden)
    const again = open(inboxRoom(alice.user.id), alice.token)
    await again.synced()
    expect(inboxChats(again.doc).has('made-up')).toBe(false)
  })

  it('refuses document content in a presence room', async () => {
    const doc = new Y.Doc()
    const presence = open(presenceRoom(alice.user.orgId), alice.token, { doc })
    await presence.synced()
    doc.getMap('anything').set('x', 1)
    expect(await closedWith(presence)).toBe(CloseCode.forbidden)
  })
})
