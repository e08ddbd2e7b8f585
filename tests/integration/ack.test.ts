// Acknowledgements: a Parley client that connects with ?ack=1 learns what the relay has stored
// (a state vector), so it can turn a message from pending to sent. Stock clients never receive
// the ack message type.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { MessageType, chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectAcking, connectClient } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login

beforeAll(async () => {
  relay = await startTestRelay()
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(() => relay.close())

describe('acknowledgements', () => {
  it('tell an opted-in client which of its writes are stored', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const client = connectAcking(relay.syncUrl, chatRoom(chatId), alice.token, doc)
    await client.synced()
    const clock = Y.getState(doc.store, doc.clientID)
    say(doc, alice.user.id, 'is this stored?')
    await waitFor(() => (client.acked().get(doc.clientID) ?? 0) > clock, 'an ack that covers the new message')
    client.destroy()
  })

  it('are never sent to a stock client', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const writer = connectClient(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
    await writer.synced()
    const raw = openRawSocket(`${relay.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
    await raw.opened
    say(doc, alice.user.id, 'one')
    say(doc, alice.user.id, 'two')
    const reader = connectClient(relay.syncUrl, chatRoom(chatId), bob.token)
    await waitFor(() => texts(reader.doc).length === 2, 'a reader to get both')
    await waitFor(() => raw.frames.length >= 3, 'the raw socket to get the updates')
    const types = raw.frames.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)))
    expect(types).not.toContain(MessageType.ack)
    raw.ws.close()
    writer.destroy()
    reader.destroy()
  })
})
