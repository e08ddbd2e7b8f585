// Chats of any length, on a real relay with stock y-websocket clients: once the head epoch holds
// PARLEY_EPOCH_MESSAGES messages the relay seals it (the head moves on, in the index and in every
// inbox row, with the count over all epochs); a late write to a sealed epoch is kept and counted;
// the head survives a restart; a chat that was long before epochs existed is sealed when loaded.
// Epoch rooms open to the chat's members up to the head only, and refuse meta and forgeries.

import * as Y from 'yjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { appendMessage, inboxChats, metaMap, readMessages } from '@parley/chat-model'
import { CloseCode, chatRoom, inboxRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import { startTestRelay, type Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, connectClient, type Client } from '../support/yclient.ts'

const EPOCH = 5
const fx = useRelay({ epochMessages: EPOCH })
let alice: Login, bob: Login, carol: Login

beforeAll(async () => {
  ;[alice, bob, carol] = await fx.relay.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test')
})

const open = fx.open
const headOf = async (chatId: string) => (await fx.relay.server.chats.get(chatId))?.head
const fresh = async (room: string, token: string) => {
  const reader = open(room, token)
  await reader.synced()
  const messages = readMessages(reader.doc)
  reader.destroy()
  return messages
}

describe('a chat that passes the epoch size', () => {
  let chatId: string
  let zero: Client, one: Client, inbox: Client

  beforeAll(async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    chatId = created.chatId
    zero = open(chatRoom(chatId), alice.token, { doc: created.doc })
    await zero.synced()
    inbox = open(inboxRoom(bob.user.id), bob.token)
    await inbox.synced()
  })

  it('moves the head on at the threshold, and the inbox row says so with the count', async () => {
    for (let i = 0; i < EPOCH - 1; i++) say(zero.doc, alice.user.id, `zero ${i}`)
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.messageCount === EPOCH - 1, 'Bob’s row to count four')
    expect(await headOf(chatId)).toBe(0)
    expect(inboxChats(inbox.doc).get(chatId)).not.toHaveProperty('head')
    say(zero.doc, alice.user.id, 'zero 4')
    await waitFor(async () => (await headOf(chatId)) === 1, 'the head to move to 1')
    const row = await waitFor(() => (inboxChats(inbox.doc).get(chatId)?.head === 1 ? inboxChats(inbox.doc).get(chatId) : null), 'the row to carry head 1')
    expect(row).toMatchObject({ messageCount: EPOCH, fromOthers: EPOCH, lastMessage: { text: 'zero 4' } })
  })

  it('counts the next epoch’s messages into the same row', async () => {
    one = open(chatRoom(chatId, 1), alice.token)
    await one.synced()
    say(one.doc, alice.user.id, 'one 0')
    say(one.doc, alice.user.id, 'one 1')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.messageCount === EPOCH + 2, 'the row to count both epochs')
    expect(inboxChats(inbox.doc).get(chatId)).toMatchObject({ head: 1, fromOthers: EPOCH + 2, lastMessage: { text: 'one 1' } })
    expect((await fresh(chatRoom(chatId, 1), bob.token)).map((m) => m.text)).toEqual(['one 0', 'one 1'])
  })

  it('keeps and counts a late write to the sealed epoch, where it was written', async () => {
    say(zero.doc, alice.user.id, 'late, written before the head moved')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.messageCount === EPOCH + 3, 'the late message to be counted')
    // The newest epoch's last message stays the row's preview; the head does not move twice.
    expect(inboxChats(inbox.doc).get(chatId)).toMatchObject({ head: 1, lastMessage: { text: 'one 1' } })
    expect((await fresh(chatRoom(chatId), bob.token)).map((m) => m.text)).toContain('late, written before the head moved')
    expect(await headOf(chatId)).toBe(1)
    expect(zero.closes).toEqual([])
  })

  it('keeps the head and the epochs’ stats across a restart', async () => {
    const stats = await fx.relay.server.chats.epochs(chatId)
    expect(stats.map((e) => [e.epoch, e.messages])).toEqual([[0, EPOCH + 1], [1, 2]])
    await fx.relay.restart()
    expect(await headOf(chatId)).toBe(1)
    const again = open(chatRoom(chatId, 1), alice.token)
    await again.synced()
    for (let i = 2; i < EPOCH; i++) say(again.doc, alice.user.id, `one ${i}`)
    await waitFor(async () => (await headOf(chatId)) === 2, 'epoch 1 to be sealed after the restart')
    const reader = open(inboxRoom(bob.user.id), bob.token)
    await waitFor(() => inboxChats(reader.doc).get(chatId)?.head === 2, 'Bob’s row to carry head 2')
    expect(inboxChats(reader.doc).get(chatId)).toMatchObject({ messageCount: 2 * EPOCH + 1, lastMessage: { text: `one ${EPOCH - 1}` } })
  })
})

describe('who may open an epoch room, and what it takes', () => {
  let chatId: string

  beforeAll(async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    chatId = created.chatId
    for (let i = 0; i < EPOCH; i++) say(created.doc, alice.user.id, `m${i}`)
    const writer = open(chatRoom(chatId), alice.token, { doc: created.doc })
    await writer.synced()
    await waitFor(async () => (await headOf(chatId)) === 1, 'the head to move to 1')
  })

  it('refuses a colleague who is not a member (4403), an epoch past the head (4404) and an unregistered chat’s epoch (4403)', async () => {
    expect(await closedWith(open(chatRoom(chatId, 1), carol.token))).toBe(CloseCode.forbidden)
    expect(await closedWith(open(chatRoom(chatId, 2), bob.token))).toBe(CloseCode.unknownRoom)
    expect(await closedWith(open(chatRoom('never-registered-chat', 1), bob.token))).toBe(CloseCode.forbidden)
  })

  it('refuses meta in an epoch room, even a complete chat’s, and stores nothing of it (4403)', async () => {
    const writer = open(chatRoom(chatId, 1), bob.token)
    await writer.synced()
    newChatDoc(bob.user.id, carol.user.id, chatId, writer.doc)
    expect(await closedWith(writer)).toBe(CloseCode.forbidden)
    const reader = open(chatRoom(chatId, 1), bob.token)
    await reader.synced()
    expect(metaMap(reader.doc).size).toBe(0)
    expect((await fx.relay.server.chats.get(chatId))?.members).toEqual([alice.user.id, bob.user.id].sort())
  })

  it('refuses a message in someone else’s name (4403) and keeps the author’s own', async () => {
    const honest = open(chatRoom(chatId, 1), alice.token)
    await honest.synced()
    say(honest.doc, alice.user.id, 'mine')
    const forger = open(chatRoom(chatId, 1), bob.token)
    await forger.synced()
    await waitFor(() => texts(forger.doc).includes('mine'), 'Bob to see Alice’s message')
    appendMessage(forger.doc, { id: 'forged', author: alice.user.id, text: 'I quit', at: Date.now() })
    expect(await closedWith(forger)).toBe(CloseCode.forbidden)
    expect((await fresh(chatRoom(chatId, 1), alice.token)).map((m) => m.text)).toEqual(['mine'])
  })
})

describe('a chat that was long before epochs existed', () => {
  it('is sealed when it loads, nothing moved: epoch 0 keeps its messages and the head is 1', async () => {
    const before = await startTestRelay({ epochMessages: 1000 })
    const [a, b] = await before.logins('alice@acme.test', 'bob@acme.test')
    const created = newChatDoc(a.user.id, b.user.id)
    for (let i = 0; i < 8; i++) say(created.doc, a.user.id, `old ${i}`)
    const writer = connectClient(before.syncUrl, chatRoom(created.chatId), a.token, { doc: created.doc })
    await writer.synced()
    await waitFor(async () => (await before.server.chats.get(created.chatId))?.lastMessageAt, 'the chat to be indexed')
    writer.destroy()
    await before.server.close()

    const after = await startTestRelay({ dataDir: before.dataDir, epochMessages: EPOCH })
    try {
      expect((await after.server.chats.get(created.chatId))?.head).toBe(0)
      const reader = connectClient(after.syncUrl, chatRoom(created.chatId), b.token)
      await reader.synced()
      await waitFor(async () => (await after.server.chats.get(created.chatId))?.head === 1, 'the long chat to be sealed')
      expect(texts(reader.doc)).toHaveLength(8)
      expect((await after.server.chats.epochs(created.chatId)).map((e) => [e.epoch, e.messages])).toEqual([[0, 8]])
      reader.destroy()
    } finally {
      await after.close()
    }
  })

  it('is sealed with its late registration when it was stored without one', async () => {
    // As a relay older than registrations in the same commit left it: the document, no index row.
    const created = newChatDoc(alice.user.id, bob.user.id)
    for (let i = 0; i < EPOCH + 2; i++) say(created.doc, alice.user.id, `unregistered ${i}`)
    await fx.relay.server.backend.docs.commit([{ room: chatRoom(created.chatId), update: Y.encodeStateAsUpdate(created.doc) }])
    expect(await fx.relay.server.chats.get(created.chatId)).toBeNull()
    const reader = open(chatRoom(created.chatId), bob.token)
    await reader.synced()
    await waitFor(async () => (await fx.relay.server.chats.get(created.chatId))?.head === 1, 'the chat to be registered with head 1')
    expect(texts(reader.doc)).toHaveLength(EPOCH + 2)
  })
})
