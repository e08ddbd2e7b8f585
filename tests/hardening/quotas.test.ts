// Issue 9, item 4: budgets per person and a size limit per document. Before, one member stored
// 303 MiB in 13 s and a message `at` of 1e300 pinned a chat on top of the other person's list.
// Past a limit the write is refused with 4429 (or 4403 for a time ahead of the relay's clock) and
// a reason, and nothing already stored is touched. Limits here are set low to reach them fast.

import { beforeAll, describe, expect, it } from 'vitest'
import { appendMessage } from '@parley/chat-model'
import { CloseCode, chatRoom, inboxRoom } from '@parley/protocol'
import { inboxChats } from '@parley/chat-model'
import { newChatDoc, say, texts } from '../support/chat.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith } from '../support/yclient.ts'
import { useRelayProcess } from './support/hostile.ts'

const fx = useRelayProcess({
  PARLEY_USER_BYTES_PER_MINUTE: String(64 * 1024),
  PARLEY_MAX_DOC_BYTES: String(96 * 1024),
  PARLEY_CHATS_PER_HOUR: '3',
})
let alice: Login, bob: Login, carol: Login, dave: Login

beforeAll(async () => {
  alice = await fx.login('alice@acme.test')
  bob = await fx.login('bob@acme.test')
  carol = await fx.login('carol@acme.test')
  dave = await fx.login('dave@acme.test')
})

async function chat(creator: Login, other: Login) {
  const created = newChatDoc(creator.user.id, other.user.id)
  say(created.doc, creator.user.id, 'first')
  const writer = fx.open(chatRoom(created.chatId), creator.token, { doc: created.doc })
  await writer.synced()
  const reader = fx.open(chatRoom(created.chatId), other.token)
  await waitFor(() => texts(reader.doc).length === 1, 'the first message to arrive')
  return { chatId: created.chatId, writer, reader }
}

const big = (i: number) => `${i} ${'x'.repeat(7900)}`

describe('write budgets', () => {
  it('refuses a message whose time is far ahead of the relay’s clock, and keeps the chat’s place in the list', async () => {
    const { writer, reader, chatId } = await chat(alice, bob)
    const inbox = fx.open(inboxRoom(bob.user.id), bob.token)
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.lastMessage?.text === 'first', 'Bob’s inbox row')
    appendMessage(writer.doc, { id: 'pinned', author: alice.user.id, text: 'pinned forever', at: 1e300 })
    expect(await closedWith(writer)).toBe(CloseCode.forbidden)
    expect(writer.closeReasons[0]).toMatch(/ahead of the relay/)
    expect(texts(reader.doc)).toEqual(['first'])
    expect(inboxChats(inbox.doc).get(chatId)?.lastMessage?.text).toBe('first')
    await fx.expectAlive()
  })

  it('refuses a person’s writes past their bytes per minute, keeping what was stored', async () => {
    const { writer, reader } = await chat(carol, dave)
    for (let i = 0; i < 12; i++) say(writer.doc, carol.user.id, big(i))
    expect(await closedWith(writer)).toBe(CloseCode.overLimit)
    expect(writer.closeReasons[0]).toMatch(/bytes written per minute/)
    const stored = texts(reader.doc)
    expect(stored.length).toBeGreaterThan(1)
    expect(stored.length).toBeLessThan(13)
    expect(stored).toEqual(['first', ...Array.from({ length: stored.length - 1 }, (_, i) => big(i))])
    await fx.expectAlive()
  })

  it('refuses new chats past the hourly budget', async () => {
    // Bob has created none yet; three pass, the fourth is refused.
    for (let i = 0; i < 3; i++) await chat(bob, carol)
    const created = newChatDoc(bob.user.id, carol.user.id)
    say(created.doc, bob.user.id, 'one chat too many')
    const writer = fx.open(chatRoom(created.chatId), bob.token, { doc: created.doc })
    expect(await closedWith(writer)).toBe(CloseCode.overLimit)
    expect(writer.closeReasons[0]).toMatch(/new chats per hour/)
    await fx.expectAlive()
  })

  it('refuses writes that would take a document past its size limit', async () => {
    // Two writers, each within their own budget, fill one chat past 96 KiB.
    const { chatId, writer: a, reader: b } = await chat(dave, alice)
    for (let i = 0; i < 7; i++) say(a.doc, dave.user.id, big(i))
    await waitFor(() => texts(b.doc).length === 8, 'Dave’s messages to arrive')
    for (let i = 0; i < 7; i++) say(b.doc, alice.user.id, big(100 + i))
    await waitFor(() => b.closes.length > 0 || texts(a.doc).length === 15, 'Alice to be refused or done')
    expect(b.closes[0]).toBe(CloseCode.overLimit)
    expect(b.closeReasons[0]).toMatch(/document is over its limit/)
    const reader = fx.open(chatRoom(chatId), dave.token)
    await reader.synced()
    expect(texts(reader.doc).slice(0, 8)).toEqual(['first', ...Array.from({ length: 7 }, (_, i) => big(i))])
    await fx.expectAlive()
  })
})
