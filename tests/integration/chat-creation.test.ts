// A chat is created by its first sync. Written entirely before its creator ever connects, it is
// registered when the creator syncs and appears in the other member's inbox with the right unread
// count. A first sync that breaks the rules closes with 4403 and stores nothing.

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { inboxChats, initChat, isOpen, inboxState, newChatId, setInboxState, unreadOf } from '@parley/chat-model'
import { CloseCode, chatRoom, inboxRoom } from '@parley/protocol'
import { newChatDoc, say } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, type Client } from '../support/yclient.ts'

const fx = useRelay()
const open = fx.open
let alice: Login, bob: Login, carol: Login, gina: Login

beforeAll(async () => {
  [alice, bob, carol, gina] = await fx.relay.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test', 'gina@globex.test')
})

describe('a chat written offline', () => {
  it('is registered on first sync and waits in the other member’s inbox, unread', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, carol.user.id)
    say(doc, alice.user.id, 'Carol, the Henderson placement starts Monday.')
    say(doc, alice.user.id, 'Can you send the contract today?')
    say(doc, alice.user.id, 'Thanks!')
    expect(await fx.relay.server.chats.get(chatId)).toBeNull()

    const a = open(chatRoom(chatId), alice.token, { doc })
    await a.synced()
    const chat = await waitFor(() => fx.relay.server.chats.get(chatId), 'the chat to be registered')
    expect(chat.members.sort()).toEqual([alice.user.id, carol.user.id].sort())
    expect(chat.createdBy).toBe(alice.user.id)

    const inbox = open(inboxRoom(carol.user.id), carol.token)
    const row = await waitFor(() => inboxChats(inbox.doc).get(chatId), 'the chat in Carol’s inbox')
    expect(row.startedBy).toBe(alice.user.id)
    expect(row.messageCount).toBe(3)
    expect(row.unread).toBe(3)
    expect(row.lastMessage?.text).toBe('Thanks!')
    expect(isOpen(inboxState(inbox.doc).get(chatId))).toBe(true)

    // The creator's own inbox has it too, with nothing unread.
    const mine = open(inboxRoom(alice.user.id), alice.token)
    const own = await waitFor(() => inboxChats(mine.doc).get(chatId), 'the chat in Alice’s inbox')
    expect(own.unread).toBe(0)

    // Carol reads it: her client marks it seen, and the relay brings unread down to 0.
    setInboxState(inbox.doc, chatId, { open: true, seen: row.fromOthers, updatedAt: Date.now() })
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 0, 'the relay to clear the unread count')
    expect(unreadOf(inboxChats(inbox.doc).get(chatId)!, inboxState(inbox.doc).get(chatId))).toBe(0)

    // A new message from Alice counts again.
    say(a.doc, alice.user.id, 'One more thing.')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 1, 'a new unread message')

    // The chat index knows when it last had a message: GET /api/chats lists it with that time.
    const lastAt = inboxChats(inbox.doc).get(chatId)!.lastMessage!.at
    const listed = await waitFor(async () => {
      const res = await fetch(`${fx.relay.url}/api/chats`, { headers: { authorization: `Bearer ${carol.token}` } })
      const body = (await res.json()) as { chats: Array<{ id: string; lastMessageAt: number | null }> }
      return body.chats.find((c) => c.id === chatId && c.lastMessageAt === lastAt)
    }, 'GET /api/chats to show the last message time')
    expect(listed.id).toBe(chatId)
  })
})

describe('an invalid first sync', () => {
  const refusedCreation = async (login: Login, doc: Y.Doc, chatId: string) => {
    const client = open(chatRoom(chatId), login.token, { doc })
    expect(await closedWith(client)).toBe(CloseCode.forbidden)
    expect(await fx.relay.server.chats.get(chatId)).toBeNull()
    // Nothing of it was stored: a member who connects later finds an empty document.
    const again = open(chatRoom(chatId), carol.token)
    await again.synced()
    expect(again.doc.share.size === 0 || again.doc.getArray('messages').length === 0).toBe(true)
    expect(again.doc.getMap('meta').size).toBe(0)
  }

  it('is refused when the creator is not a member', async () => {
    const doc = new Y.Doc()
    const chatId = newChatId()
    initChat(doc, { id: chatId, members: [bob.user.id, carol.user.id], createdBy: alice.user.id, createdAt: Date.now() })
    await refusedCreation(alice, doc, chatId)
  })

  it('is refused when a member is in another organization', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, gina.user.id)
    say(doc, alice.user.id, 'hello across orgs')
    await refusedCreation(alice, doc, chatId)
  })

  it('is refused when the chat has more than two members', async () => {
    const doc = new Y.Doc()
    const chatId = newChatId()
    initChat(doc, { id: chatId, members: [alice.user.id, bob.user.id, carol.user.id], createdBy: alice.user.id, createdAt: Date.now() })
    await refusedCreation(alice, doc, chatId)
  })

  it('is refused when it claims another creator', async () => {
    const doc = new Y.Doc()
    const chatId = newChatId()
    initChat(doc, { id: chatId, members: [alice.user.id, carol.user.id], createdBy: bob.user.id, createdAt: Date.now() })
    await refusedCreation(alice, doc, chatId)
  })

  it('is refused when messages come without meta', async () => {
    const doc = new Y.Doc()
    const chatId = newChatId()
    say(doc, alice.user.id, 'no meta here')
    await refusedCreation(alice, doc, chatId)
  })
})
