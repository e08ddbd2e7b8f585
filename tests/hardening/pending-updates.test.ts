// Issue 9, items 2 and 3: an update that refers to somebody else's future items is refused whole,
// never kept pending. Before, Yjs held it back and applied it inside the victim's next write,
// where it was judged as the victim's own: Bob could delete Alice's next messages (a delete set
// for clocks she had not used yet) or get her next write refused (an item whose left origin was
// her next item). Bob is a raw socket here, as an attacker would be.

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, messagesArray, readMessages } from '@parley/chat-model'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import type { Client } from '../support/yclient.ts'
import { copyAs, syncUpdateFrame, updateLeavingOut, useRelayProcess } from './support/hostile.ts'

const fx = useRelayProcess()
let alice: Login, bob: Login

beforeAll(async () => {
  alice = await fx.login('alice@acme.test')
  bob = await fx.login('bob@acme.test')
})

/** Alice's chat with Bob, both connected with stock clients, one message in it. */
async function chatWithBob(): Promise<{ chatId: string; a: Client; b: Client }> {
  const created = newChatDoc(alice.user.id, bob.user.id)
  say(created.doc, alice.user.id, 'hello Bob')
  const a = fx.open(chatRoom(created.chatId), alice.token, { doc: created.doc })
  await a.synced()
  const b = fx.open(chatRoom(created.chatId), bob.token)
  await waitFor(() => texts(b.doc).length === 1, 'Bob to have Alice’s first message')
  return { chatId: created.chatId, a, b }
}

/** Sends one update as Bob on a raw socket and returns how the relay closed it. */
async function sendAsBob(chatId: string, update: Uint8Array) {
  const raw = openRawSocket(`${fx.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
  await raw.opened
  raw.ws.send(syncUpdateFrame(update))
  return raw.closed
}

/** What a fresh client reads back from the relay. */
async function storedTexts(chatId: string): Promise<string[]> {
  const reader = fx.open(chatRoom(chatId), bob.token)
  await reader.synced()
  const stored = texts(reader.doc)
  reader.destroy()
  return stored
}

describe('an update that refers to another member’s future items', () => {
  it('cannot delete Alice’s next messages (a delete set for clocks she has not used yet)', async () => {
    const { chatId, a, b } = await chatWithBob()
    // Bob writes, in a scratch copy under Alice's client id (read off her message), the five
    // messages she will write next, deletes them, and sends only the deletion.
    const scratch = copyAs(b.doc, a.doc.clientID)
    for (let i = 0; i < 5; i++) appendMessage(scratch, { id: `future-${i}`, author: alice.user.id, text: `future ${i}`, at: Date.now() })
    messagesArray(scratch).delete(1, 5)
    expect(Y.getState(scratch.store, a.doc.clientID)).toBe(Y.getState(a.doc.store, a.doc.clientID) + 5)
    const deletion = Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(scratch))
    expect(Y.decodeUpdate(deletion).structs).toHaveLength(0)

    expect((await sendAsBob(chatId, deletion)).code).toBe(CloseCode.forbidden)
    for (let i = 0; i < 5; i++) say(a.doc, alice.user.id, `real ${i}`)
    const expected = ['hello Bob', 'real 0', 'real 1', 'real 2', 'real 3', 'real 4']
    await waitFor(() => texts(b.doc).length === 6, 'Bob to get Alice’s five messages')
    expect(texts(b.doc)).toEqual(expected)
    expect(await storedTexts(chatId)).toEqual(expected)
    expect(texts(a.doc)).toEqual(expected)
    expect(a.closes).toEqual([])
    await fx.expectAlive()
  })

  it('cannot get Alice’s next write refused (an item whose left origin is her next item)', async () => {
    const { chatId, a, b } = await chatWithBob()
    const scratch = copyAs(b.doc, a.doc.clientID)
    appendMessage(scratch, { id: 'alices-next', author: alice.user.id, text: 'what Alice will write', at: Date.now() })
    const aliceFuture = Y.getState(scratch.store, a.doc.clientID)
    scratch.clientID = 424242
    appendMessage(scratch, { id: 'planted', author: bob.user.id, text: 'planted after it', at: Date.now() })
    // Everything Bob knows, minus Alice's future item: his item alone, pointing at it.
    const planted = updateLeavingOut(scratch, b.doc, new Map([[a.doc.clientID, aliceFuture]]))
    expect(Y.decodeUpdate(planted).structs.map((s) => s.id.client)).toEqual([424242])

    expect((await sendAsBob(chatId, planted)).code).toBe(CloseCode.forbidden)
    say(a.doc, alice.user.id, 'what Alice will write')
    await waitFor(() => texts(b.doc).length === 2, 'Bob to get Alice’s next message')
    expect(a.closes).toEqual([])
    expect(await storedTexts(chatId)).toEqual(['hello Bob', 'what Alice will write'])
    expect(readMessages(a.doc).map((m) => m.author)).toEqual([alice.user.id, alice.user.id])
    await fx.expectAlive()
  })

  it('still accepts a sync step 2 that repeats items the relay already has, with the sender’s new ones', async () => {
    const { chatId, a, b } = await chatWithBob()
    say(a.doc, alice.user.id, 'second from Alice')
    await waitFor(() => texts(b.doc).length === 2, 'Bob to have both')
    // Bob's whole document (Alice's items included) plus one new message of his, as one update.
    const offline = copyAs(b.doc, 515151)
    appendMessage(offline, { id: 'bobs-offline', author: bob.user.id, text: 'written offline', at: Date.now() })
    const raw = openRawSocket(`${fx.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
    await raw.opened
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(offline)))
    await waitFor(() => texts(a.doc).length === 3, 'Alice to get Bob’s offline message')
    expect(texts(a.doc)).toEqual(['hello Bob', 'second from Alice', 'written offline'])
    raw.ws.close()
    await fx.expectAlive()
  })
})
