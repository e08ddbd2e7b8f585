// Editing and deleting messages with stock y-websocket clients: the author's edit (a replacement
// of their own item) and deletion (a tombstone) reach the other member, and the relay refuses
// either from anybody else with 4403, leaving the message as it was for both.

import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { deleteMessage, editMessage, latestById, messagesArray, readMessages, type Message } from '@parley/chat-model'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, type Client } from '../support/yclient.ts'

const fx = useRelay()
const shown = (doc: Y.Doc) => latestById(readMessages(doc)).map((m) => (m.deleted ? '(deleted)' : m.text))

describe('edits and deletions of messages', () => {
  let alice: Login, bob: Login
  let a: Client, b: Client
  let chatId: string
  let aliceMessage: string

  beforeEach(async () => {
    ;[alice, bob] = await fx.relay.logins('alice@acme.test', 'bob@acme.test')
    const created = newChatDoc(alice.user.id, bob.user.id)
    chatId = created.chatId
    aliceMessage = say(created.doc, alice.user.id, 'Meet at 3pm')
    a = fx.open(chatRoom(chatId), alice.token, { doc: created.doc })
    await a.synced()
    await waitFor(() => fx.relay.server.chats.get(chatId), 'the chat to be registered')
    b = fx.open(chatRoom(chatId), bob.token)
    await b.synced()
    say(b.doc, bob.user.id, 'OK')
    await waitFor(() => readMessages(a.doc).length === 2, 'Alice to see Bob’s answer')
  })

  it('carries the author’s edit and deletion to the other member', async () => {
    expect(editMessage(a.doc, alice.user.id, aliceMessage, 'Meet at 4pm', [], Date.now())).toBe(true)
    await waitFor(() => shown(b.doc)[0] === 'Meet at 4pm', 'Bob to see the edit')
    expect(latestById(readMessages(b.doc))[0]).toMatchObject({ id: aliceMessage, editedAt: expect.any(Number) })
    expect(deleteMessage(a.doc, alice.user.id, aliceMessage, Date.now())).toBe(true)
    await waitFor(() => shown(b.doc)[0] === '(deleted)', 'Bob to see the deletion')
    expect(shown(b.doc)).toEqual(['(deleted)', 'OK'])
    expect(a.closes).toEqual([])
  })

  const refusedForBoth = async () => {
    expect(await closedWith(b, 'Bob to be closed')).toBe(CloseCode.forbidden)
    const reader = fx.open(chatRoom(chatId), alice.token)
    await reader.synced()
    expect(shown(reader.doc)).toEqual(['Meet at 3pm', 'OK'])
    expect(shown(a.doc)).toEqual(['Meet at 3pm', 'OK'])
  }

  it('refuses Bob’s edit of Alice’s message (her item replaced by one with her name)', async () => {
    const original = readMessages(b.doc)[0]!
    b.doc.transact(() => {
      messagesArray(b.doc).delete(0, 1)
      messagesArray(b.doc).insert(0, [{ ...original, text: 'Meet at 9pm', editedAt: Date.now() } satisfies Message])
    })
    await refusedForBoth()
  })

  it('refuses Bob’s tombstone of Alice’s message', async () => {
    const original = readMessages(b.doc)[0]!
    b.doc.transact(() => {
      messagesArray(b.doc).delete(0, 1)
      messagesArray(b.doc).insert(0, [{ id: original.id, author: original.author, text: '', at: original.at, editedAt: Date.now(), deleted: true } satisfies Message])
    })
    await refusedForBoth()
  })
})
